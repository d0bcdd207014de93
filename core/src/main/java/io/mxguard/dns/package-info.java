/**
 * DNS for mail delivery, validated in this process.
 *
 * <p><b>What it does.</b> {@link io.mxguard.dns.ValidatingSecureResolver} resolves (name, type)
 * through upstream resolvers ({@link io.mxguard.dns.Upstream}, default {@code /etc/resolv.conf})
 * and validates DNSSEC itself with dnsjava's validator from {@link io.mxguard.dns.TrustAnchors}
 * (IANA root built in, or an unbound-style file). On top of it: {@link io.mxguard.dns.MxLookup}
 * (RFC 5321 §5.1, RFC 7505), {@link io.mxguard.dns.AddressLookup} and
 * {@link io.mxguard.dns.TlsaLookup} (RFC 7672 §2.2.3). {@link io.mxguard.dns.UpstreamCheck} tells
 * at start-up whether the upstream strips DNSSEC records.
 *
 * <p><b>Outcomes.</b> Every answer is a {@link io.mxguard.dns.DnsAnswer} with a
 * {@link io.mxguard.dns.Security} and a reason; a timeout, SERVFAIL, malformed reply or BOGUS answer
 * is {@code Failed}, never "no records". MX results are {@link io.mxguard.dns.MxResult}: hosts,
 * null MX (5.1.10), no such domain (5.1.2), or deferred.
 *
 * <p><b>Thread safety.</b> All public classes are thread-safe; lookups are asynchronous and their
 * stages never complete exceptionally.
 *
 * <p><b>On failure.</b> Upstream queries are retried within {@link io.mxguard.dns.ResolverOptions}
 * (tries, per-try timeout, deadline); spoofed wrong-ID replies cost a try and are counted
 * ({@link io.mxguard.dns.TransportStats}). Call {@link io.mxguard.crypto.CryptoSetup#install()}
 * first in {@code main}.
 */
package io.mxguard.dns;
