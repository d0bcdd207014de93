/**
 * TLS for the SMTP client: trust managers per security level and the client context.
 *
 * <p><b>What it does.</b> {@link io.mxguard.tls.ServerTrustManager} is the base of our trust
 * managers: server checks only, JSSE endpoint identification bypassed. {@link
 * io.mxguard.tls.InsecureTrustManager} (opportunistic TLS) accepts and records the chain; {@link
 * io.mxguard.tls.PkixTrustManager} (levels verify/secure, MTA-STS) validates to the JDK's trust store
 * or given CAs and checks names; DANE's is {@code io.mxguard.dane.DaneTrustManager}. {@link
 * io.mxguard.tls.HostnameMatcher} is the one RFC 6125 name check. {@link io.mxguard.tls.TlsContexts}
 * builds a TLS 1.2+ client context and parameters with SNI.
 *
 * <p><b>Outcomes.</b> {@link io.mxguard.tls.PkixResult}: {@code Trusted} (chain, peer name) or
 * {@code Failed} (NOT_TRUSTED, NAME_MISMATCH, EXPIRED, NOT_YET_VALID, EMPTY_CHAIN) with a sentence.
 *
 * <p><b>Thread safety.</b> Trust managers keep their last verdict: one instance per connection.
 * Time comes from an injected {@link java.time.Clock}; revocation is not checked.
 */
package io.mxguard.tls;
