package io.mxguard.dane;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * DaneReferenceNames - the names a DANE-TA leaf may carry for one route (RFC 7672 §3.2.2).
 *
 * @param tlsaBaseDomain the TLSA base domain: the MX host after CNAME expansion when its TLSA
 *                       records were found there, else the MX host (RFC 7672 §2.2.3); also the SNI
 * @param mxHost         the MX host name as the MX record gave it (before CNAME expansion)
 * @param expandedMxHost the MX host after CNAME expansion (equal to {@code mxHost} without a CNAME)
 * @param nextHopDomain  the recipient domain (next-hop domain)
 */
public record DaneReferenceNames(String tlsaBaseDomain, String mxHost, String expandedMxHost, String nextHopDomain) {

    public DaneReferenceNames {
        Objects.requireNonNull(tlsaBaseDomain, "tlsaBaseDomain");
        Objects.requireNonNull(mxHost, "mxHost");
        Objects.requireNonNull(expandedMxHost, "expandedMxHost");
        Objects.requireNonNull(nextHopDomain, "nextHopDomain");
    }

    /** of - for an MX host without CNAME: base domain = MX host. */
    public static DaneReferenceNames of(String mxHost, String nextHopDomain) {
        return new DaneReferenceNames(mxHost, mxHost, mxHost, nextHopDomain);
    }

    /** names - the distinct reference names, TLSA base domain first, without trailing dots, lower case. */
    public List<String> names() {
        Set<String> out = new LinkedHashSet<>();
        for (String n : List.of(tlsaBaseDomain, mxHost, expandedMxHost, nextHopDomain)) {
            out.add(plain(n));
        }
        return List.copyOf(out);
    }

    /** sniName - RFC 7672 §8.1: the client sends the TLSA base domain as SNI. */
    public String sniName() {
        return plain(tlsaBaseDomain);
    }

    private static String plain(String name) {
        String n = name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
        return n.toLowerCase(Locale.ROOT);
    }
}
