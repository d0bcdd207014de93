package io.mxguard.lab.world;

import io.mxguard.dane.TlsaRecords;
import io.mxguard.lab.dns.ZoneBuilder;
import io.mxguard.pki.Certificates;
import java.util.ArrayList;
import java.util.List;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.TLSARecord;

/**
 * TlsaPublication - which TLSA records Bob publishes for his MX at {@code _PORT._tcp.mx.destination.com},
 * made from his real certificate. RFC 7672 §3.1 recommends DANE-EE(3) SPKI(1) SHA-256(1) or
 * DANE-TA(2) with a digest of the issuing CA.
 */
public enum TlsaPublication {
    /** {@code 3 1 1}: SHA-256 of the MX certificate's SubjectPublicKeyInfo (the default). */
    DANE_EE,
    /** {@code 2 0 1}: SHA-256 of the issuing CA's certificate, which Bob's MX presents in its chain. */
    DANE_TA,
    /** Both records: either one authenticates Bob (RFC 7671 §5: any matching record suffices). */
    BOTH,
    /** No TLSA record: destination.com stays signed, Bob's MX is simply not DANE-protected. */
    NONE;

    /** records - the TLSA RRset at {@code owner} for Bob's certificate and its issuer; pure. */
    public List<TLSARecord> records(Name owner, Certificates.Issued bob, Certificates.Issued issuer) {
        List<TLSARecord> out = new ArrayList<>();
        if (this == DANE_EE || this == BOTH) {
            out.add(new TLSARecord(owner, DClass.IN, ZoneBuilder.DEFAULT_TTL, TlsaRecords.USAGE_DANE_EE,
                    TlsaRecords.SELECTOR_SPKI, TlsaRecords.MATCHING_SHA256, Certificates.spkiSha256(bob.certificate())));
        }
        if (this == DANE_TA || this == BOTH) {
            out.add(new TLSARecord(owner, DClass.IN, ZoneBuilder.DEFAULT_TTL, TlsaRecords.USAGE_DANE_TA,
                    TlsaRecords.SELECTOR_CERT, TlsaRecords.MATCHING_SHA256, Certificates.certSha256(issuer.certificate())));
        }
        return List.copyOf(out);
    }
}
