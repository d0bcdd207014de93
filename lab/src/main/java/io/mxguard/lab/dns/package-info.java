/**
 * The lab's DNS: zone content, DNSSEC signing, the seed's zone tree, and (from another file set)
 * the authoritative server and hijacking resolver that serve it.
 *
 * <p>Inputs: records added through {@link io.mxguard.lab.dns.ZoneBuilder}, keys
 * ({@link io.mxguard.lab.dns.ZoneKeys}: ECDSA P-256 or RSA/SHA-256, KSK+ZSK or CSK), a
 * {@link java.time.Clock} and {@link io.mxguard.lab.dns.SigningOptions} (NSEC or NSEC3, RRSIG
 * validity). Outcome: {@link io.mxguard.lab.dns.ServedZone}s, the hand-off to the server, with
 * RRSIGs on every authoritative RRset, an NSEC or NSEC3 chain, and DS records at secure
 * delegations; plus the root {@link io.mxguard.lab.dns.TrustAnchor} in unbound and BIND formats.
 * {@link io.mxguard.lab.dns.LabZones} builds the seed's tree (root, com., net., destination.com.,
 * source.com., attacker.net., and the unsigned unsigned.com.).
 *
 * <p>Conventions a server relies on: names below a zone cut (glue) are present in
 * {@code nodes()} but unsigned and outside the denial chain; with NSEC, empty non-terminals have
 * no node (RFC 4035 §2.3) and are proven by the covering NSEC whose next name is a descendant;
 * with NSEC3 they have a hashed entry with an empty type bitmap (RFC 5155 §7.1).
 *
 * <p>Thread safety: built zones, keys and served zones are immutable; builders and
 * {@code LabZones} are not thread-safe while being edited. Failures are programming errors
 * (bad names, keys of another zone) and throw IllegalArgumentException or IllegalStateException.
 */
package io.mxguard.lab.dns;
