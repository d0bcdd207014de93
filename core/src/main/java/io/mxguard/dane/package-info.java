/**
 * DANE for SMTP (RFC 7672, RFC 7671, RFC 6698): which TLSA records count, and does a server's
 * certificate chain satisfy them.
 *
 * <p><b>What it does.</b> {@link io.mxguard.dane.TlsaRecords} keeps the usable records (DANE-TA(2),
 * DANE-EE(3); selector 0/1; matching 0/1/2). {@link io.mxguard.dane.TlsaMatcher} compares one record
 * with one certificate. {@link io.mxguard.dane.DaneVerifier} is the whole check, a pure function of
 * (chain, records, reference names, now). {@link io.mxguard.dane.DaneTrustManager} puts it into a
 * JSSE handshake for one route; {@link io.mxguard.dane.DaneReferenceNames} are that route's names
 * (TLSA base domain, MX host before and after CNAME expansion, next-hop domain) and its SNI.
 *
 * <p><b>Outcomes.</b> A {@link io.mxguard.dane.DaneResult}: {@code Matched} (record, DANE-EE or
 * DANE-TA, depth, a sentence), or {@code Failed} with a reason (NO_MATCH, NAME_MISMATCH, EXPIRED,
 * NOT_YET_VALID, CHAIN_BROKEN, NO_USABLE_RECORDS, EMPTY_CHAIN) and a sentence for a mail admin.
 * DANE-EE ignores names and dates (RFC 7672 §3.1.1). DANE-TA checks the path, the dates of every
 * certificate from the leaf up to and including a presented anchor (as OpenSSL does), and the names.
 * When all records fail, the failure of the record that got furthest is reported.
 *
 * <p><b>Thread safety.</b> Everything is immutable or stateless except
 * {@link io.mxguard.dane.DaneTrustManager}, which remembers its last verdict: one per connection.
 *
 * <p><b>On failure.</b> The handshake fails with the reason; the delivery tries the next MX, then
 * defers (4.7.5). Nothing here bounces. Agreement with OpenSSL's DANE code is tested
 * ({@code OpensslDaneInteropTest}).
 */
package io.mxguard.dane;
