/**
 * SMTP protocol values and the bounded wire codec, shared by client and server.
 *
 * <p>{@link io.mxguard.smtp.Reply}, {@link io.mxguard.smtp.EnhancedStatus} (RFC 3463),
 * {@link io.mxguard.smtp.ReplyCode} (RFC 5321 §4.2), {@link io.mxguard.smtp.Extensions} (EHLO
 * keywords, SIZE). {@link io.mxguard.smtp.SmtpLineReader} reads lines with a required maximum length
 * and refuses bare CR/LF in strict mode; {@link io.mxguard.smtp.SmtpReplyReader} reads replies bounded
 * in lines and octets. Violations are {@link io.mxguard.smtp.SmtpProtocolException}s with a
 * {@code Violation}; a connection closed mid-reply is an {@link java.io.EOFException}.
 * Values are immutable; readers are not thread-safe.
 */
package io.mxguard.smtp;
