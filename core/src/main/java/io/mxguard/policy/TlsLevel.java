package io.mxguard.policy;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * TlsLevel - a TLS security level, named as Postfix names {@code smtp_tls_security_level}.
 *
 * <p>A configured level (default, table entry, local minimum) is an intention; the level a route
 * is held to is decided by {@link RoutePlanner} from it and the destination's DNS facts.
 *
 * <p><b>Strength, for the local minimum.</b> {@code none < may < encrypt < authenticated}, where
 * {@code verify}, {@code secure} and {@code dane-only} are all "authenticated" and not ordered
 * among themselves: they authenticate by different means (PKIX with the MX name, PKIX with the
 * next-hop name, DANE). {@code dane} is not a point on this line: it is "DANE where it applies,
 * else may"; since DANE, where it applies, is applied whatever the configured level (see
 * {@link RoutePlanner}), a minimum of {@code dane} means the same as a minimum of {@code may}.
 * So a route to which DANE does not apply, under {@code dane} and a minimum of {@code encrypt},
 * is held to {@code encrypt}.
 */
public enum TlsLevel {
    /** No TLS, even if offered. */
    NONE("none", 0),
    /** Opportunistic TLS: STARTTLS if offered, no authentication, fall back to plaintext. */
    MAY("may", 1),
    /** Mandatory TLS, no authentication. */
    ENCRYPT("encrypt", 2),
    /** Opportunistic DANE: DANE where it applies (RFC 7672 §2.2), else {@link #MAY}. */
    DANE("dane", 1),
    /** Mandatory DANE: a route to which DANE does not apply is not used (defer, 4.7.5). */
    DANE_ONLY("dane-only", 3),
    /** Mandatory TLS, PKIX certificate matching the MX host name (or configured names). */
    VERIFY("verify", 3),
    /** Mandatory TLS, PKIX certificate matching the next-hop domain (or configured names). */
    SECURE("secure", 3);

    private final String keyword;
    private final int strength;

    TlsLevel(String keyword, int strength) {
        this.keyword = keyword;
        this.strength = strength;
    }

    /** keyword - the configuration spelling ("dane-only"). */
    public String keyword() {
        return keyword;
    }

    /** strength - rank for the local minimum: 0 none, 1 may/dane, 2 encrypt, 3 authenticated. */
    int strength() {
        return strength;
    }

    /** authenticated - true for the levels that require an authenticated peer (verify, secure, dane-only). */
    public boolean authenticated() {
        return strength == 3;
    }

    /** takesMatchNames - true for the PKIX levels, whose certificate names may be configured. */
    public boolean takesMatchNames() {
        return this == VERIFY || this == SECURE;
    }

    /** parse - the level spelled {@code text} (case-insensitive), or empty. */
    public static Optional<TlsLevel> parse(String text) {
        String t = text.toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(l -> l.keyword.equals(t)).findFirst();
    }

    /** keywords - "none, may, ..." for error messages. */
    static String keywords() {
        return Arrays.stream(values()).map(TlsLevel::keyword).collect(Collectors.joining(", "));
    }

    @Override
    public String toString() {
        return keyword;
    }
}
