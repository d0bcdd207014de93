package io.mxguard.tls;

import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;

/**
 * HostnameMatcher - does a server certificate name one of our reference identifiers (RFC 6125).
 *
 * <p>One piece of code for DANE-TA (RFC 7672 §3.2.3) and PKIX (verify/secure levels). Rules:
 * subjectAltName dNSName entries are the presented identifiers; the subject CN is used only when
 * the certificate has no dNSName at all (RFC 6125 §6.4.4). Comparison is ASCII case-insensitive and
 * ignores one trailing dot. A wildcard is only the complete left-most label ({@code *.example.com})
 * and matches exactly one non-empty label: not {@code example.com}, not {@code a.b.example.com}
 * (RFC 6125 §6.4.3). Partial-label wildcards ({@code f*.example.com}), wildcards over a single
 * label ({@code *.com}) and non-ASCII names never match. Reference identifiers are literal names.
 */
public final class HostnameMatcher {

    private HostnameMatcher() {
    }

    /** firstMatch - the first reference name that {@code cert} names, if any. */
    public static Optional<String> firstMatch(X509Certificate cert, Collection<String> referenceNames) {
        List<String> presented = presentedNames(cert);
        for (String reference : referenceNames) {
            for (String p : presented) {
                if (matches(p, reference)) {
                    return Optional.of(reference);
                }
            }
        }
        return Optional.empty();
    }

    /** presentedNames - the SAN dNSNames, or the subject CNs when there is no dNSName (RFC 6125 §6.4.4). */
    public static List<String> presentedNames(X509Certificate cert) {
        List<String> dns = new ArrayList<>();
        try {
            Collection<List<?>> sans = cert.getSubjectAlternativeNames();
            if (sans != null) {
                for (List<?> san : sans) {
                    if (san.size() >= 2 && Integer.valueOf(2).equals(san.get(0)) && san.get(1) instanceof String s) {
                        dns.add(s);
                    }
                }
            }
        } catch (CertificateParsingException e) {
            return List.of(); // a SAN we cannot parse names nothing we could trust
        }
        if (!dns.isEmpty()) {
            return dns;
        }
        List<String> cns = new ArrayList<>();
        X500Name subject = X500Name.getInstance(cert.getSubjectX500Principal().getEncoded());
        for (RDN rdn : subject.getRDNs(BCStyle.CN)) {
            cns.add(IETFUtils.valueToString(rdn.getFirst().getValue()));
        }
        return cns;
    }

    /**
     * matches - does the presented identifier (possibly a wildcard) match the reference name. A
     * reference with a leading dot ({@code .example.com}, Postfix's {@code dot-nexthop}) stands for
     * any name below that domain, and is matched by such names and by wildcards below it.
     */
    public static boolean matches(String presented, String reference) {
        if (reference != null && reference.startsWith(".") && reference.length() > 1) {
            String p = normalize(presented);
            String suffix = normalize(reference.substring(1));
            if (p == null || suffix == null || suffix.indexOf('.') < 0) {
                return false; // never "any name below a TLD"
            }
            String below = p.startsWith("*.") ? p.substring(2) : p;
            return below.indexOf('*') < 0 && (below.endsWith("." + suffix) || (p.startsWith("*.") && below.equals(suffix)));
        }
        String p = normalize(presented);
        String r = normalize(reference);
        if (p == null || r == null || r.indexOf('*') >= 0) {
            return false;
        }
        if (!p.startsWith("*.")) {
            return p.indexOf('*') < 0 && p.equals(r);
        }
        String suffix = p.substring(1); // ".example.com"
        // RFC 6125 §7.2: no wildcard directly under a single label (*.com).
        if (suffix.indexOf('*') >= 0 || suffix.indexOf('.', 1) < 0) {
            return false;
        }
        // RFC 6125 §6.4.3: the wildcard stands for exactly one whole, non-empty label.
        int dot = r.indexOf('.');
        return dot > 0 && r.substring(dot).equals(suffix);
    }

    /** normalize - lower-case ASCII without one trailing dot, or null if not a well-formed DNS name. */
    static String normalize(String name) {
        if (name == null) {
            return null;
        }
        String n = name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
        if (n.isEmpty() || n.startsWith(".") || n.contains("..")) {
            return null;
        }
        for (int i = 0; i < n.length(); i++) {
            char c = n.charAt(i);
            if (c > 0x7e || c <= 0x20) {
                return null; // U-labels and controls: compare A-labels only
            }
        }
        return n.toLowerCase(Locale.ROOT);
    }
}
