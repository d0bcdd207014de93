package io.mxguard.dane;

import io.mxguard.dane.DaneResult.Failed;
import io.mxguard.dane.DaneResult.Matched;
import io.mxguard.dane.DaneResult.Reason;
import io.mxguard.dane.DaneResult.Usage;
import io.mxguard.tls.HostnameMatcher;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.xbill.DNS.TLSARecord;

/**
 * DaneVerifier - does a server chain satisfy a TLSA RRset for SMTP (RFC 7672 §3, RFC 7671 §5).
 *
 * <p>Pure function of (presented chain, TLSA records, reference names, now). Only usable records
 * count ({@link TlsaRecords#usable}); every one is tried, and the first that authenticates wins:
 * <ul>
 *   <li>DANE-EE(3): the record matches the leaf. Nothing else: no names, no dates, no chain
 *       (RFC 7672 §3.1.1, RFC 7671 §5.1).</li>
 *   <li>DANE-TA(2): the anchor is a presented certificate above the leaf that the record matches (a
 *       TA record matching the leaf itself matches nothing, as in OpenSSL), or, for a full-key
 *       {@code 2 1 0} record, the key itself (RFC 7671 §5.2.2). Walking up from the leaf, each
 *       certificate's issuer is a presented certificate with the matching subject whose key verifies
 *       its signature, until the anchor is reached. The certificates between leaf and anchor must be
 *       CAs within their path-length limits; the leaf and those certificates must be valid at
 *       {@code now}, and so must the anchor certificate when it was presented (as OpenSSL, hence
 *       Postfix, checks it). A bare {@code 2 1 0} key has no dates. Last, the leaf must name one of
 *       the reference names (RFC 7672 §3.2.2, wildcards per RFC 6125: {@link HostnameMatcher}).</li>
 * </ul>
 * When every record fails, the reported failure is the one that got furthest: NAME_MISMATCH (anchor,
 * chain and dates fine) over EXPIRED/NOT_YET_VALID (anchor and chain fine) over CHAIN_BROKEN (an anchor
 * was presented) over NO_MATCH; ties go to the earlier record.
 */
public final class DaneVerifier {
    /** Longest path walked from the leaf (Postfix's default verify depth is 9): bounds signature checks. */
    static final int MAX_PATH = 10;

    private DaneVerifier() {
    }

    /** verify - the verdict of {@code records} over {@code chain} (leaf first) for these reference names at {@code now}. */
    public static DaneResult verify(List<X509Certificate> chain, List<TLSARecord> records,
                                    Collection<String> referenceNames, Instant now) {
        List<TLSARecord> usable = TlsaRecords.usable(records);
        if (usable.isEmpty()) {
            // RFC 7672 §2.2: only unusable records: TLS is mandatory but cannot be authenticated.
            return new Failed(Reason.NO_USABLE_RECORDS, "no usable TLSA record (only PKIX-TA/PKIX-EE or unknown"
                    + " parameters among " + records.size() + ")");
        }
        if (chain == null || chain.isEmpty()) {
            return new Failed(Reason.EMPTY_CHAIN, "the server presented no certificate");
        }
        Failed best = null;
        for (TLSARecord record : usable) {
            DaneResult result = record.getCertificateUsage() == TlsaRecords.USAGE_DANE_EE
                    ? checkEndEntity(record, chain)
                    : checkTrustAnchor(record, chain, referenceNames, now);
            if (result instanceof Matched) {
                return result;
            }
            Failed failed = (Failed) result;
            if (best == null || rank(failed.reason()) > rank(best.reason())) {
                best = failed;
            }
        }
        return best;
    }

    /** checkEndEntity - RFC 7672 §3.1.1: DANE-EE(3) matches the leaf; names and dates do not matter. */
    static DaneResult checkEndEntity(TLSARecord record, List<X509Certificate> chain) {
        X509Certificate leaf = chain.get(0);
        if (TlsaMatcher.matches(record, leaf)) {
            return new Matched(record, Usage.DANE_EE, 0, "DANE-EE " + params(record) + " matched the leaf certificate "
                    + leaf.getSubjectX500Principal().getName());
        }
        return new Failed(Reason.NO_MATCH, "TLSA " + params(record) + " does not match the leaf certificate "
                + leaf.getSubjectX500Principal().getName());
    }

    /** checkTrustAnchor - RFC 7672 §3.1.2, RFC 7671 §5.2: anchor, path, dates, names, in that order. */
    static DaneResult checkTrustAnchor(TLSARecord record, List<X509Certificate> chain,
                                       Collection<String> referenceNames, Instant now) {
        Optional<PublicKey> bareKey = TlsaMatcher.fullKey(record);
        List<X509Certificate> path = new ArrayList<>();
        path.add(chain.get(0));
        int anchorDepth = -1;
        boolean anchorIsBareKey = false;
        while (true) {
            X509Certificate top = path.get(path.size() - 1);
            // RFC 7671 §5.2: a trust anchor issues the leaf; a TA record never matches the leaf itself (as OpenSSL).
            if (path.size() > 1 && TlsaMatcher.matches(record, top)) {
                anchorDepth = path.size() - 1;
                break;
            }
            if (bareKey.isPresent() && signedBy(top, bareKey.get())) {
                anchorDepth = path.size(); // RFC 7671 §5.2.2: the key is the anchor; its certificate need not be sent
                anchorIsBareKey = true;
                break;
            }
            Optional<X509Certificate> issuer = path.size() < MAX_PATH ? issuerOf(top, chain, path) : Optional.empty();
            if (issuer.isEmpty()) {
                break;
            }
            path.add(issuer.get());
        }
        String p = params(record);
        if (anchorDepth < 0) {
            for (int i = 1; i < chain.size(); i++) {
                if (TlsaMatcher.matches(record, chain.get(i))) {
                    X509Certificate stuck = path.get(path.size() - 1);
                    return new Failed(Reason.CHAIN_BROKEN, "DANE-TA " + p + " matched the certificate at depth " + i
                            + " (" + chain.get(i).getSubjectX500Principal().getName() + "), but the leaf does not chain"
                            + " to it: no presented certificate named " + stuck.getIssuerX500Principal().getName()
                            + " verifies the signature of " + stuck.getSubjectX500Principal().getName());
                }
            }
            return new Failed(Reason.NO_MATCH, "DANE-TA " + p + " matches no presented certificate"
                    + (bareKey.isPresent() ? " and its key signed none of the chain" : ""));
        }
        // The certificates strictly between the leaf and the anchor issue certificates: they must be CAs.
        int caEnd = anchorIsBareKey ? path.size() : anchorDepth; // exclusive
        for (int depth = 1; depth < caEnd; depth++) {
            X509Certificate ca = path.get(depth);
            int pathLen = ca.getBasicConstraints();
            if (pathLen < 0 || depth - 1 > pathLen) {
                return new Failed(Reason.CHAIN_BROKEN, "certificate at depth " + depth + " ("
                        + ca.getSubjectX500Principal().getName() + ") "
                        + (pathLen < 0 ? "is not a CA" : "exceeds its path length " + pathLen)
                        + " on the path to DANE-TA " + p);
            }
        }
        // Dates: leaf, intermediates, and the anchor certificate when presented (a bare key has none).
        int dateEnd = anchorIsBareKey ? path.size() : anchorDepth + 1;
        for (int depth = 0; depth < dateEnd; depth++) {
            X509Certificate c = path.get(depth);
            try {
                c.checkValidity(Date.from(now));
            } catch (CertificateExpiredException e) {
                return new Failed(Reason.EXPIRED, certAt(depth, c) + " expired " + c.getNotAfter().toInstant()
                        + " (DANE-TA " + p + ")");
            } catch (CertificateNotYetValidException e) {
                return new Failed(Reason.NOT_YET_VALID, certAt(depth, c) + " is not valid before "
                        + c.getNotBefore().toInstant() + " (DANE-TA " + p + ")");
            }
        }
        X509Certificate leaf = chain.get(0);
        Optional<String> name = HostnameMatcher.firstMatch(leaf, referenceNames);
        if (name.isEmpty()) {
            return new Failed(Reason.NAME_MISMATCH, "the leaf certificate names " + HostnameMatcher.presentedNames(leaf)
                    + ", none of " + List.copyOf(referenceNames) + " (DANE-TA " + p + ")");
        }
        String anchor = anchorIsBareKey ? "the TLSA record's key" : certAt(anchorDepth, path.get(anchorDepth));
        return new Matched(record, Usage.DANE_TA, anchorDepth, "DANE-TA " + p + " matched " + anchor
                + "; peer name " + name.get());
    }

    /** issuerOf - a presented certificate, not yet on the path, that names and signed {@code cert}. */
    private static Optional<X509Certificate> issuerOf(X509Certificate cert, List<X509Certificate> chain,
                                                      List<X509Certificate> path) {
        for (X509Certificate candidate : chain) {
            if (!path.contains(candidate)
                    && candidate.getSubjectX500Principal().equals(cert.getIssuerX500Principal())
                    && signedBy(cert, candidate.getPublicKey())) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    private static boolean signedBy(X509Certificate cert, PublicKey key) {
        try {
            cert.verify(key);
            return true;
        } catch (GeneralSecurityException | RuntimeException e) {
            return false; // wrong key, wrong algorithm for the key, or a malformed signature: not signed by it
        }
    }

    /** rank - how far a failed record got; the furthest is the most useful report. */
    private static int rank(Reason reason) {
        return switch (reason) {
            case NAME_MISMATCH -> 4;
            case EXPIRED, NOT_YET_VALID -> 3;
            case CHAIN_BROKEN -> 2;
            case NO_MATCH -> 1;
            case NO_USABLE_RECORDS, EMPTY_CHAIN -> 0;
        };
    }

    static String params(TLSARecord r) {
        return r.getCertificateUsage() + " " + r.getSelector() + " " + r.getMatchingType();
    }

    private static String certAt(int depth, X509Certificate c) {
        return (depth == 0 ? "the leaf certificate " : "the certificate at depth " + depth + " ")
                + c.getSubjectX500Principal().getName();
    }
}
