/**
 * Who may AUTH to the SMTP server (RFC 4954): the users file and its PBKDF2 password hashes.
 *
 * <p>{@link io.mxguard.smtp.server.auth.UsersFile} loads and checks a file of {@code USER:HASH} lines and
 * verifies a password in constant time, taking as long for an unknown user as for a wrong password;
 * {@link io.mxguard.smtp.server.auth.PasswordHash} makes and reads the hashes. Both are immutable and
 * thread safe. A bad file fails as a whole with "FILE:LINE: reason"; nothing is half-loaded.
 */
package io.mxguard.smtp.server.auth;
