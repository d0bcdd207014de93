package io.mxguard.dane;

import java.util.List;
import org.xbill.DNS.TLSARecord;

/**
 * TlsaRecords - which TLSA records SMTP may use (RFC 7672 §3.1).
 *
 * <p>Usable: certificate usage DANE-TA(2) or DANE-EE(3), selector Cert(0) or SPKI(1), matching
 * type Full(0), SHA2-256(1) or SHA2-512(2). PKIX-TA(0) and PKIX-EE(1) are unusable for SMTP
 * (RFC 7672 §3.1.3), as is any unknown value. A full-data record (matching 0) with empty data is
 * malformed and unusable.
 */
public final class TlsaRecords {
    public static final int USAGE_PKIX_TA = 0;
    public static final int USAGE_PKIX_EE = 1;
    public static final int USAGE_DANE_TA = 2;
    public static final int USAGE_DANE_EE = 3;
    public static final int SELECTOR_CERT = 0;
    public static final int SELECTOR_SPKI = 1;
    public static final int MATCHING_FULL = 0;
    public static final int MATCHING_SHA256 = 1;
    public static final int MATCHING_SHA512 = 2;

    private TlsaRecords() {
    }

    /** isUsable - true when SMTP DANE may authenticate with this record (RFC 7672 §3.1). */
    public static boolean isUsable(TLSARecord r) {
        int usage = r.getCertificateUsage();
        int selector = r.getSelector();
        int matching = r.getMatchingType();
        // RFC 7672 §3.1.3: PKIX-TA(0) and PKIX-EE(1) are not to be used by SMTP clients.
        boolean usageOk = usage == USAGE_DANE_TA || usage == USAGE_DANE_EE;
        boolean selectorOk = selector == SELECTOR_CERT || selector == SELECTOR_SPKI;
        byte[] data = r.getCertificateAssociationData();
        boolean matchingOk = switch (matching) {
            case MATCHING_FULL -> data.length > 0;
            case MATCHING_SHA256 -> data.length == 32;
            case MATCHING_SHA512 -> data.length == 64;
            default -> false;
        };
        return usageOk && selectorOk && matchingOk;
    }

    /** usable - the usable records of a TLSA RRset, in the given order. */
    public static List<TLSARecord> usable(List<TLSARecord> records) {
        return records.stream().filter(TlsaRecords::isUsable).toList();
    }
}
