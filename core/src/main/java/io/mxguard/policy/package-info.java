/**
 * One TLS requirement per route, from the destination's DNS facts and the local policy.
 *
 * <p><b>What it does.</b> {@link io.mxguard.policy.RoutePlanner} takes the MX hosts of a next-hop
 * domain ({@link io.mxguard.dns.MxResult.Hosts}), each host's addresses and, where those are
 * SECURE, its TLSA records, and the {@link io.mxguard.policy.LocalPolicy} (default level,
 * per-destination {@link io.mxguard.policy.PolicyTable}, local minimum), and decides for each host
 * a {@link io.mxguard.policy.RouteDecision}: use it under a {@link io.mxguard.policy.TlsRequirement},
 * or skip it with a {@link io.mxguard.policy.SkipCause}. The decision is a pure function of those
 * facts; {@code RoutePlanner.planAsync} can gather them through a resolver first.
 *
 * <p><b>Rules, in order</b> (fixed hook order, as maddy's; RFC cited at the line in
 * {@code RouteRules} and {@code DaneVerdict}):
 * <ol>
 *   <li>Addresses: lookup failed → skip (4.4.3); none → skip (5.4.4, permanent). A failed family
 *       beside a found one is left out; the found addresses are used.</li>
 *   <li>DANE facts (RFC 7672 §2.2): host addresses not SECURE → DANE does not apply, TLSA is not
 *       asked. Else TLSA lookup failed → skip (4.4.3), whatever the level. Secure TLSA with a usable
 *       record (DANE-TA/DANE-EE, RFC 7672 §3.1) → DANE, which takes precedence over every
 *       configured level, {@code none} included; Verified if the MX RRset (or implicit-MX
 *       addresses) is SECURE, Trusted if not. Secure TLSA, none usable → TLS mandatory
 *       (encrypt, or the PKIX level if that was asked). No TLSA, or an INSECURE TLSA RRset → the
 *       configured level without DANE ({@code dane} → {@code may}).</li>
 *   <li>Configured level: the table entry for the next hop (exact, else closest {@code .parent}),
 *       else the default. {@code dane-only} skips (4.7.5) any host without Verified DANE.
 *       {@code verify}/{@code secure} give PKIX with match names (defaults: {@code hostname};
 *       {@code nexthop:dot-nexthop}); Trusted when a name came from an insecure MX RRset.</li>
 *   <li>Local minimum, last: raises, never lowers ({@code none < may = dane < encrypt <
 *       authenticated}); a minimum of {@code verify}/{@code secure} is met by any authentication;
 *       {@code dane-only} only by Verified DANE.</li>
 * </ol>
 *
 * <p><b>Outcomes.</b> {@link io.mxguard.policy.RoutePlan#verdict()}: deliver over the usable routes,
 * defer (4.7.5 if a host was refused because DANE was required, else the DNS status 4.4.3), or
 * bounce (5.4.4) when every host provably has no address. DANE failures never bounce.
 *
 * <p><b>Thread safety.</b> All types are immutable; {@code RoutePlanner} is thread-safe.
 *
 * <p><b>On failure.</b> Policy table errors are {@link io.mxguard.policy.PolicyTableException} with
 * file and line; the first error stops the load, so a broken table is never half-applied.
 */
package io.mxguard.policy;
