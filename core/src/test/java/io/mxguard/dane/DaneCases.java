package io.mxguard.dane;

import io.mxguard.dane.DaneResult.Reason;
import io.mxguard.dane.DaneResult.Usage;
import io.mxguard.pki.CertificateSpec;
import io.mxguard.pki.Certificates;
import io.mxguard.pki.Certificates.Issued;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.TLSARecord;

/**
 * DaneCases - the DANE table shared by the unit test and the openssl interop test: a server (its
 * leaf key and the chain it presents), a TLSA RRset, the TLSA base domain, and what must happen.
 * Certificates are minted fresh when the table is built.
 */
final class DaneCases {
    static final String MX = "mx.destination.com";
    static final Instant NOW = Instant.now();
    static final Name OWNER = Name.fromConstantString("_25._tcp." + MX + ".");

    /** Expect - success with (usage, depth), or failure with a reason. */
    record Expect(Usage usage, int depth, Reason reason) {
        static Expect ok(Usage usage, int depth) {
            return new Expect(usage, depth, null);
        }

        static Expect fail(Reason reason) {
            return new Expect(null, -1, reason);
        }

        boolean success() {
            return reason == null;
        }

        @Override
        public String toString() {
            return success() ? usage + "@" + depth : reason.toString();
        }
    }

    /** Case - one row; {@code openssl} false when openssl cannot express it (no chain, PKIX usages). */
    record Case(String scenario, Issued server, List<X509Certificate> presented, List<TLSARecord> records,
                Expect expect, boolean openssl) {
        @Override
        public String toString() {
            return scenario;
        }

        DaneResult verify() {
            return DaneVerifier.verify(presented, records, List.of(MX), NOW);
        }
    }

    private DaneCases() {
    }

    static List<Case> all() {
        Instant past = NOW.minus(Duration.ofDays(400));
        Instant before = NOW.minus(Duration.ofDays(1));
        Instant after = NOW.plus(Duration.ofDays(90));
        Issued root = Certificates.issue(CertificateSpec.authority("Lab Root CA", before, after), null);
        Issued inter = Certificates.issue(CertificateSpec.authority("Lab Issuing CA", before, after), root);
        Issued leaf = Certificates.issue(CertificateSpec.server(before, after, MX), root);
        Issued viaInter = Certificates.issue(CertificateSpec.server(before, after, MX), inter);
        Issued wrongName = Certificates.issue(CertificateSpec.server(before, after, "mx.attacker.net"), root);
        Issued expired = Certificates.issue(CertificateSpec.server(past, NOW.minus(Duration.ofDays(2)), MX), root);
        Issued future = Certificates.issue(CertificateSpec.server(NOW.plus(Duration.ofDays(2)), after, MX), root);
        Issued wildcard = Certificates.issue(CertificateSpec.server(before, after, "*.destination.com"), root);
        Issued twoLevels = Certificates.issue(CertificateSpec.server(before, after, "*.com"), root);
        // Same issuer name as the root, another key: a leaf it signs does not chain to the real root.
        Issued forger = Certificates.issue(CertificateSpec.authority("Lab Root CA", before, after), null);
        Issued forged = Certificates.issue(CertificateSpec.server(before, after, MX), forger);
        // An end-entity certificate used to sign another: not a CA.
        Issued notCa = Certificates.issue(CertificateSpec.server(before, after, "not-a-ca.destination.com"), root);
        Issued underNotCa = Certificates.issue(CertificateSpec.server(before, after, MX), notCa);
        Issued expiredRoot = Certificates.issue(CertificateSpec.authority("Old Root CA", past, NOW.minus(Duration.ofDays(1))), null);
        Issued underExpiredRoot = Certificates.issue(CertificateSpec.server(before, after, MX), expiredRoot);
        Issued selfSigned = Certificates.issue(CertificateSpec.server(before, after, MX), null);
        Issued rsa = Certificates.issue(CertificateSpec.server(before, after, MX).withKeyType(CertificateSpec.KeyType.RSA_2048), root);

        X509Certificate r = root.certificate();
        byte[] random32 = Certificates.spkiSha256(forger.certificate());
        List<Case> cases = new ArrayList<>();
        cases.add(row("daneEe311_valid_verified", leaf, leaf.chain(), List.of(ee(1, 1, Certificates.spkiSha256(leaf.certificate()))), Expect.ok(Usage.DANE_EE, 0)));
        cases.add(row("daneEe301_valid_verified", leaf, leaf.chain(), List.of(ee(0, 1, Certificates.certSha256(leaf.certificate()))), Expect.ok(Usage.DANE_EE, 0)));
        cases.add(row("daneEe312_sha512_verified", leaf, leaf.chain(), List.of(ee(1, 2, Certificates.spkiSha512(leaf.certificate()))), Expect.ok(Usage.DANE_EE, 0)));
        cases.add(row("daneEe302_sha512_verified", leaf, leaf.chain(), List.of(ee(0, 2, Certificates.certSha512(leaf.certificate()))), Expect.ok(Usage.DANE_EE, 0)));
        cases.add(row("daneEe300_fullCertificate_verified", leaf, leaf.chain(), List.of(ee(0, 0, der(leaf.certificate()))), Expect.ok(Usage.DANE_EE, 0)));
        cases.add(row("daneEe310_fullKey_verified", rsa, rsa.chain(), List.of(ee(1, 0, rsa.certificate().getPublicKey().getEncoded())), Expect.ok(Usage.DANE_EE, 0)));
        cases.add(row("daneEe311_expiredLeaf_stillVerified", expired, expired.chain(), List.of(ee(1, 1, Certificates.spkiSha256(expired.certificate()))), Expect.ok(Usage.DANE_EE, 0)));
        cases.add(row("daneEe311_wrongName_stillVerified", wrongName, wrongName.chain(), List.of(ee(1, 1, Certificates.spkiSha256(wrongName.certificate()))), Expect.ok(Usage.DANE_EE, 0)));
        cases.add(row("daneEe311_selfSignedLeaf_verified", selfSigned, selfSigned.chain(), List.of(ee(1, 1, Certificates.spkiSha256(selfSigned.certificate()))), Expect.ok(Usage.DANE_EE, 0)));
        cases.add(row("daneTa201_labCaInChain_verified", leaf, leaf.chain(), List.of(ta(0, 1, Certificates.certSha256(r))), Expect.ok(Usage.DANE_TA, 1)));
        cases.add(row("daneTa211_labCaKey_verified", leaf, leaf.chain(), List.of(ta(1, 1, Certificates.spkiSha256(r))), Expect.ok(Usage.DANE_TA, 1)));
        cases.add(row("daneTa202_sha512_verified", leaf, leaf.chain(), List.of(ta(0, 2, Certificates.certSha512(r))), Expect.ok(Usage.DANE_TA, 1)));
        cases.add(row("daneTa201_matchesIntermediate_verified", viaInter, viaInter.chain(), List.of(ta(0, 1, Certificates.certSha256(inter.certificate()))), Expect.ok(Usage.DANE_TA, 1)));
        cases.add(row("daneTa201_rootAboveIntermediate_verified", viaInter, viaInter.chain(), List.of(ta(0, 1, Certificates.certSha256(r))), Expect.ok(Usage.DANE_TA, 2)));
        cases.add(row("daneTa201_intermediateOmitted_chainBroken", viaInter, List.of(viaInter.certificate(), r), List.of(ta(0, 1, Certificates.certSha256(r))), Expect.fail(Reason.CHAIN_BROKEN)));
        cases.add(row("daneTa201_wildcardLeaf_verified", wildcard, wildcard.chain(), List.of(ta(0, 1, Certificates.certSha256(r))), Expect.ok(Usage.DANE_TA, 1)));
        cases.add(row("daneTa201_wildcardOverTld_nameMismatch", twoLevels, twoLevels.chain(), List.of(ta(0, 1, Certificates.certSha256(r))), Expect.fail(Reason.NAME_MISMATCH)));
        cases.add(row("daneTa201_wrongName_nameMismatch", wrongName, wrongName.chain(), List.of(ta(0, 1, Certificates.certSha256(r))), Expect.fail(Reason.NAME_MISMATCH)));
        cases.add(row("daneTa201_expiredLeaf_expired", expired, expired.chain(), List.of(ta(0, 1, Certificates.certSha256(r))), Expect.fail(Reason.EXPIRED)));
        cases.add(row("daneTa201_futureLeaf_notYetValid", future, future.chain(), List.of(ta(0, 1, Certificates.certSha256(r))), Expect.fail(Reason.NOT_YET_VALID)));
        cases.add(row("daneTa201_expiredAnchorCertificate_expired", underExpiredRoot, underExpiredRoot.chain(), List.of(ta(0, 1, Certificates.certSha256(expiredRoot.certificate()))), Expect.fail(Reason.EXPIRED)));
        cases.add(row("daneTa210_caNotPresented_verified", leaf, List.of(leaf.certificate()), List.of(ta(1, 0, r.getPublicKey().getEncoded())), Expect.ok(Usage.DANE_TA, 1)));
        cases.add(row("daneTa210_unrelatedKey_noMatch", leaf, List.of(leaf.certificate()), List.of(ta(1, 0, forger.certificate().getPublicKey().getEncoded())), Expect.fail(Reason.NO_MATCH)));
        cases.add(row("daneTa201_caNotPresented_noMatch", leaf, List.of(leaf.certificate()), List.of(ta(0, 1, Certificates.certSha256(r))), Expect.fail(Reason.NO_MATCH)));
        cases.add(row("daneTa201_leafSignedByOtherKeySameIssuerName_chainBroken", forged, List.of(forged.certificate(), r), List.of(ta(0, 1, Certificates.certSha256(r))), Expect.fail(Reason.CHAIN_BROKEN)));
        cases.add(row("daneTa201_issuerIsNotCa_chainBroken", underNotCa, underNotCa.chain(), List.of(ta(0, 1, Certificates.certSha256(r))), Expect.fail(Reason.CHAIN_BROKEN)));
        // RFC 7671 §5.2: a TA is an issuer; OpenSSL does not match TA records at depth 0, nor do we.
        cases.add(row("daneTa201_matchesLeafItself_noMatch", selfSigned, selfSigned.chain(), List.of(ta(0, 1, Certificates.certSha256(selfSigned.certificate()))), Expect.fail(Reason.NO_MATCH)));
        cases.add(row("daneTa210_selfSignedLeafsOwnKey_verified", selfSigned, selfSigned.chain(), List.of(ta(1, 0, selfSigned.certificate().getPublicKey().getEncoded())), Expect.ok(Usage.DANE_TA, 1)));
        cases.add(row("mismatchingDigests_noMatch", leaf, leaf.chain(), List.of(ee(1, 1, random32), ta(0, 1, random32)), Expect.fail(Reason.NO_MATCH)));
        cases.add(row("eeMismatch_taNameMismatch_reportsNameMismatch", wrongName, wrongName.chain(), List.of(ee(1, 1, random32), ta(0, 1, Certificates.certSha256(r))), Expect.fail(Reason.NAME_MISMATCH)));
        cases.add(row("eeMismatch_taMatches_verified", leaf, leaf.chain(), List.of(ee(1, 1, random32), ta(1, 1, Certificates.spkiSha256(r))), Expect.ok(Usage.DANE_TA, 1)));
        cases.add(row("unusableRecordAlongside_usableMatches_verified", leaf, leaf.chain(), List.of(tlsa(1, 1, 1, Certificates.spkiSha256(leaf.certificate())), ee(1, 1, Certificates.spkiSha256(leaf.certificate()))), Expect.ok(Usage.DANE_EE, 0)));
        cases.add(new Case("pkixUsagesOnly_noUsableRecords", leaf, leaf.chain(), List.of(tlsa(0, 0, 1, Certificates.certSha256(r)), tlsa(1, 1, 1, Certificates.spkiSha256(leaf.certificate()))), Expect.fail(Reason.NO_USABLE_RECORDS), false));
        cases.add(new Case("unknownSelectorAndMatching_noUsableRecords", leaf, leaf.chain(), List.of(tlsa(3, 2, 1, random32), tlsa(3, 1, 3, random32)), Expect.fail(Reason.NO_USABLE_RECORDS), false));
        cases.add(new Case("emptyChain", leaf, List.of(), List.of(ee(1, 1, random32)), Expect.fail(Reason.EMPTY_CHAIN), false));
        return cases;
    }

    static TLSARecord tlsa(int usage, int selector, int matching, byte[] data) {
        return new TLSARecord(OWNER, DClass.IN, 300, usage, selector, matching, data);
    }

    static TLSARecord ee(int selector, int matching, byte[] data) {
        return tlsa(TlsaRecords.USAGE_DANE_EE, selector, matching, data);
    }

    static TLSARecord ta(int selector, int matching, byte[] data) {
        return tlsa(TlsaRecords.USAGE_DANE_TA, selector, matching, data);
    }

    static byte[] der(X509Certificate cert) {
        try {
            return cert.getEncoded();
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Case row(String scenario, Issued server, List<X509Certificate> presented, List<TLSARecord> records, Expect expect) {
        return new Case(scenario, server, presented, records, expect, true);
    }
}
