package io.mxguard.lab.dns;

import static io.mxguard.lab.dns.Signatures.name;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.xbill.DNS.DNSSEC;
import org.xbill.DNS.NSEC3PARAMRecord;
import org.xbill.DNS.NSEC3Record;
import org.xbill.DNS.NSECRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.RRSIGRecord;
import org.xbill.DNS.RRset;
import org.xbill.DNS.Type;

class ZoneSignerTest {
    static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    static final Name ZONE = name("example.test.");
    static ZoneKeys ecdsa;
    static ZoneKeys rsa;
    static ZoneKeys csk;
    static ZoneKeys child;

    @BeforeAll
    static void keys() {
        ecdsa = ZoneKeys.kskZsk(ZONE, KeyAlgorithm.ECDSAP256SHA256);
        rsa = ZoneKeys.kskZsk(ZONE, KeyAlgorithm.RSASHA256);
        csk = ZoneKeys.csk(ZONE, KeyAlgorithm.ECDSAP256SHA256);
        child = ZoneKeys.kskZsk(name("signed.example.test."), KeyAlgorithm.ECDSAP256SHA256);
    }

    /** A zone with every shape the chains must handle: ENTs, a secure cut, an insecure cut, glue. */
    static Zone sample() throws Exception {
        InetAddress ns = InetAddress.getByName("127.0.10.53");
        return ZoneBuilder.zone(ZONE)
                .ns("ns1", ns)
                .mx(10, "mx")
                .address("mx", InetAddress.getByName("127.0.10.25"))
                .tlsa("_25._tcp.mx", 3, 1, 1, new byte[32])   // _tcp.mx is an empty non-terminal
                .txt("_mta-sts", "v=STSv1; id=1")
                .cname("www", "mx")
                .delegate("signed", "ns1.signed", ns)           // glue below a secure cut
                .ds("signed", child.ds(3600))
                .delegate("insecure", "ns.elsewhere.test.")     // cut without DS, no glue
                .address("deep.a.b", InetAddress.getByName("127.0.10.99")) // two ENTs: b, a.b
                .build();
    }

    static ServedZone signed(ZoneKeys keys, SigningOptions options) throws Exception {
        return new ZoneSigner(CLOCK).sign(sample(), keys, options);
    }

    static List<Name> authoritativeNames() {
        return List.of(ZONE, name("_mta-sts.example.test."), name("deep.a.b.example.test."),
                name("insecure.example.test."), name("mx.example.test."), name("_25._tcp.mx.example.test."),
                name("ns1.example.test."), name("signed.example.test."), name("www.example.test."));
    }

    @ParameterizedTest
    @EnumSource(KeyAlgorithm.class)
    void everyRrsig_verifiesWithDnsjava_againstZoneDnskey(KeyAlgorithm algorithm) throws Exception {
        ZoneKeys keys = algorithm == KeyAlgorithm.RSASHA256 ? rsa : ecdsa;
        ServedZone zone = signed(keys, SigningOptions.DEFAULT);
        // 20 signed RRsets: 9 NSECs, SOA, apex NS, MX, DNSKEY, TXT, A (deep, mx, ns1), TLSA, DS, CNAME.
        assertThat(Signatures.verifyAll(zone, NOW)).isEqualTo(20);
        assertThat(zone.isSigned()).isTrue();
    }

    @Test
    void cskZone_signsEverythingWithOneSepKey() throws Exception {
        ServedZone zone = signed(csk, SigningOptions.DEFAULT);
        RRset dnskeys = zone.rrset(ZONE, Type.DNSKEY).orElseThrow();
        assertThat(dnskeys.size()).isEqualTo(1);
        assertThat(((org.xbill.DNS.DNSKEYRecord) dnskeys.first()).getFlags()).isEqualTo(257);
        Signatures.verifyAll(zone, NOW);
        assertThat(zone.rrset(name("mx.example.test."), Type.A).orElseThrow().sigs())
                .extracting(RRSIGRecord::getFootprint).containsExactly(csk.keys().get(0).keyTag());
    }

    @Test
    void dnskeyRrset_isSignedByKsk_andDataByZsk() throws Exception {
        ServedZone zone = signed(ecdsa, SigningOptions.DEFAULT);
        int ksk = ecdsa.keySigning().get(0).keyTag();
        int zsk = ecdsa.dataSigning().get(0).keyTag();
        RRset dnskeys = zone.rrset(ZONE, Type.DNSKEY).orElseThrow();
        assertThat(dnskeys.rrs()).extracting(r -> ((org.xbill.DNS.DNSKEYRecord) r).getFlags())
                .containsExactlyInAnyOrder(257, 256);
        assertThat(dnskeys.sigs()).extracting(RRSIGRecord::getFootprint).containsExactly(ksk);
        assertThat(zone.rrset(ZONE, Type.SOA).orElseThrow().sigs()).extracting(RRSIGRecord::getFootprint)
                .containsExactly(zsk);
    }

    @Test
    void delegationNs_andGlue_areUnsigned_butDsAtTheCutIsSigned() throws Exception {
        ServedZone zone = signed(ecdsa, SigningOptions.DEFAULT);
        Name cut = name("signed.example.test.");
        assertThat(zone.rrset(cut, Type.NS).orElseThrow().sigs()).isEmpty();
        assertThat(zone.rrset(name("ns1.signed.example.test."), Type.A).orElseThrow().sigs()).isEmpty();
        assertThat(zone.rrset(cut, Type.DS).orElseThrow().sigs()).hasSize(1);
        assertThat(zone.rrset(ZONE, Type.NS).orElseThrow().sigs()).hasSize(1);
        assertThat(zone.rrset(name("ns1.example.test."), Type.A).orElseThrow().sigs()).hasSize(1);
        // Every RRset at an authoritative name is signed.
        for (Name owner : authoritativeNames()) {
            zone.nodes().get(owner).forEach((type, set) -> {
                boolean delegationNs = type == Type.NS && !owner.equals(ZONE);
                assertThat(set.sigs()).as(owner + "/" + Type.string(type)).hasSize(delegationNs ? 0 : 1);
            });
        }
    }

    @Test
    void nsecChain_coversEveryName_andWrapsToApex() throws Exception {
        ServedZone zone = signed(ecdsa, SigningOptions.DEFAULT);
        List<NSECRecord> chain = nsecChain(zone);
        assertThat(chain).extracting(NSECRecord::getName).containsExactlyElementsOf(authoritativeNames());
        for (int i = 0; i < chain.size(); i++) {
            Name expectedNext = chain.get((i + 1) % chain.size()).getName();
            assertThat(chain.get(i).getNext()).as("next of " + chain.get(i).getName()).isEqualTo(expectedNext);
        }
        assertThat(chain.get(chain.size() - 1).getNext()).isEqualTo(ZONE);
        assertThat(chain).allSatisfy(nsec -> assertThat(nsec.getTTL()).isEqualTo(300));
        assertThat(zone.nodes().get(name("ns1.signed.example.test."))).doesNotContainKey(Type.NSEC);
    }

    @Test
    void nsecBitmaps_listTheTypesPresent_andAtACutOnlyNsDsRrsigNsec() throws Exception {
        ServedZone zone = signed(ecdsa, SigningOptions.DEFAULT);
        assertThat(types(nsecAt(zone, ZONE))).containsExactlyInAnyOrder(Type.NS, Type.SOA, Type.MX, Type.RRSIG,
                Type.NSEC, Type.DNSKEY);
        assertThat(types(nsecAt(zone, name("mx.example.test.")))).containsExactlyInAnyOrder(Type.A, Type.RRSIG,
                Type.NSEC);
        assertThat(types(nsecAt(zone, name("www.example.test.")))).containsExactlyInAnyOrder(Type.CNAME,
                Type.RRSIG, Type.NSEC);
        // RFC 4035 §2.3: at a delegation, NS and DS (if any) plus RRSIG/NSEC of the cut itself.
        assertThat(types(nsecAt(zone, name("signed.example.test.")))).containsExactlyInAnyOrder(Type.NS, Type.DS,
                Type.RRSIG, Type.NSEC);
    }

    @Test
    void unsignedDelegation_hasNoDs_andItsNsecProvesIt() throws Exception {
        ServedZone zone = signed(ecdsa, SigningOptions.DEFAULT);
        Name cut = name("insecure.example.test.");
        assertThat(zone.rrset(cut, Type.DS)).isEmpty();
        NSECRecord nsec = nsecAt(zone, cut);
        assertThat(nsec.hasType(Type.NS)).isTrue();
        assertThat(nsec.hasType(Type.DS)).isFalse();
        assertThat(nsec.hasType(Type.SOA)).isFalse();
        assertThat(zone.rrset(cut, Type.NSEC).orElseThrow().sigs()).hasSize(1);
    }

    @Test
    void emptyNonTerminal_hasNoNsec_andThePreviousNsecCoversItWithADescendant() throws Exception {
        ServedZone zone = signed(ecdsa, SigningOptions.DEFAULT);
        for (Name ent : List.of(name("_tcp.mx.example.test."), name("b.example.test."), name("a.b.example.test."))) {
            assertThat(zone.nodes()).doesNotContainKey(ent);
            NSECRecord covering = zone.nodes().lowerEntry(ent).getValue().get(Type.NSEC) == null
                    ? null : (NSECRecord) zone.nodes().lowerEntry(ent).getValue().get(Type.NSEC).first();
            assertThat(covering).as("NSEC before " + ent).isNotNull();
            // RFC 4035 §3.1.3.2 / RFC 4592: NODATA for an ENT: next name is a descendant of it.
            assertThat(covering.getName().compareTo(ent)).isNegative();
            assertThat(covering.getNext().subdomain(ent)).as(covering.getNext() + " under " + ent).isTrue();
        }
    }

    @Test
    void nsec3Chain_isClosed_andHashesMatchDnsjava() throws Exception {
        ServedZone zone = signed(ecdsa, SigningOptions.DEFAULT.withNsec3());
        NSEC3PARAMRecord param = zone.nsec3Param().orElseThrow();
        assertThat(param.getIterations()).isZero();
        assertThat(param.getSalt()).isNullOrEmpty();
        assertThat(param.getFlags()).isZero();
        List<Name> expected = new ArrayList<>(authoritativeNames());
        expected.addAll(List.of(name("_tcp.mx.example.test."), name("b.example.test."), name("a.b.example.test.")));
        List<Name> hashedOwners = new ArrayList<>();
        for (Name n : expected) {
            hashedOwners.add(Name.fromString(base32hex(param.hashName(n)), ZONE));
        }
        assertThat(zone.nsec3Chain().keySet()).containsExactlyInAnyOrderElementsOf(hashedOwners);
        assertChainClosed(zone, param);
        assertThat(zone.nodes().values()).noneMatch(node -> node.containsKey(Type.NSEC));
        Signatures.verifyAll(zone, NOW);
    }

    @Test
    void nsec3WithSaltAndIterations_hashesMatchDnsjava() throws Exception {
        byte[] salt = HexFormat.of().parseHex("aabbccdd");
        ServedZone zone = signed(ecdsa, SigningOptions.DEFAULT.withDenial(new Denial.Nsec3(5, salt)));
        NSEC3PARAMRecord param = zone.nsec3Param().orElseThrow();
        assertThat(param.getIterations()).isEqualTo(5);
        assertThat(param.getSalt()).isEqualTo(salt);
        Name mx = name("mx.example.test.");
        assertThat(Nsec3Hash.hash(mx, salt, 5)).isEqualTo(param.hashName(mx));
        assertThat(zone.nsec3Chain()).containsKey(Name.fromString(base32hex(param.hashName(mx)), ZONE));
        assertChainClosed(zone, param);
    }

    @Test
    void nsec3Bitmaps_emptyNonTerminalIsEmpty_insecureCutHasOnlyNs() throws Exception {
        ServedZone zone = signed(ecdsa, SigningOptions.DEFAULT.withNsec3());
        NSEC3PARAMRecord param = zone.nsec3Param().orElseThrow();
        assertThat(types(nsec3For(zone, param, name("_tcp.mx.example.test.")))).isEmpty();
        assertThat(types(nsec3For(zone, param, name("insecure.example.test.")))).containsExactly(Type.NS);
        assertThat(types(nsec3For(zone, param, name("signed.example.test."))))
                .containsExactlyInAnyOrder(Type.NS, Type.DS, Type.RRSIG);
        assertThat(types(nsec3For(zone, param, ZONE))).containsExactlyInAnyOrder(Type.NS, Type.SOA, Type.MX,
                Type.RRSIG, Type.DNSKEY, Type.NSEC3PARAM);
        assertThat(types(nsec3For(zone, param, name("mx.example.test."))))
                .containsExactlyInAnyOrder(Type.A, Type.RRSIG);
    }

    @Test
    void validityWindow_followsTheClock_andOldSignaturesExpire() throws Exception {
        Validity validity = new Validity(Duration.ofHours(2), Duration.ofDays(3));
        ServedZone zone = signed(ecdsa, SigningOptions.DEFAULT.withValidity(validity));
        for (RRset set : Signatures.all(zone)) {
            for (RRSIGRecord sig : set.sigs()) {
                assertThat(sig.getTimeSigned()).isEqualTo(NOW.minus(Duration.ofHours(2)));
                assertThat(sig.getExpire()).isEqualTo(NOW.plus(Duration.ofDays(3)));
            }
        }
        Signatures.verifyAll(zone, NOW.plus(Duration.ofDays(2)));
        assertThatThrownBy(() -> Signatures.verifyAll(zone, NOW.plus(Duration.ofDays(4))))
                .isInstanceOf(DNSSEC.SignatureExpiredException.class);
        assertThatThrownBy(() -> Signatures.verifyAll(zone, NOW.minus(Duration.ofHours(3))))
                .isInstanceOf(DNSSEC.SignatureNotYetValidException.class);
    }

    @Test
    void signingWithAPastClock_makesStaleSignatures() throws Exception {
        Clock lastMonth = Clock.offset(CLOCK, Duration.ofDays(-40));
        ServedZone stale = new ZoneSigner(lastMonth).sign(sample(), ecdsa, SigningOptions.DEFAULT);
        Signatures.verifyAll(stale, NOW.minus(Duration.ofDays(40)));
        assertThatThrownBy(() -> Signatures.verifyAll(stale, NOW)).isInstanceOf(DNSSEC.SignatureExpiredException.class);
    }

    @Test
    void keysOfAnotherZone_areRefused() {
        assertThatThrownBy(() -> new ZoneSigner(CLOCK).sign(sample(), child, SigningOptions.DEFAULT))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cannot sign");
    }

    @Test
    void dsOfChild_matchesItsKsk() {
        org.xbill.DNS.DSRecord ds = child.ds(3600).get(0);
        ZoneKey ksk = child.keySigning().get(0);
        org.xbill.DNS.DSRecord recomputed = new org.xbill.DNS.DSRecord(ksk.zone(), org.xbill.DNS.DClass.IN, 3600,
                org.xbill.DNS.DNSSEC.Digest.SHA256, ksk.dnskey());
        assertThat(ds.getDigestID()).isEqualTo(2);
        assertThat(ds.getFootprint()).isEqualTo(ksk.keyTag());
        assertThat(ds.getAlgorithm()).isEqualTo(13);
        assertThat(ds.getDigest()).isEqualTo(recomputed.getDigest()).hasSize(32);
    }

    // ---- helpers

    static List<NSECRecord> nsecChain(ServedZone zone) {
        return zone.nodes().values().stream().filter(n -> n.containsKey(Type.NSEC))
                .map(n -> (NSECRecord) n.get(Type.NSEC).first()).collect(Collectors.toList());
    }

    static NSECRecord nsecAt(ServedZone zone, Name owner) {
        return (NSECRecord) zone.rrset(owner, Type.NSEC).orElseThrow().first();
    }

    static NSEC3Record nsec3For(ServedZone zone, NSEC3PARAMRecord param, Name name) throws Exception {
        RRset set = zone.nsec3Chain().get(Name.fromString(base32hex(param.hashName(name)), zone.origin()));
        assertThat(set).as("NSEC3 for " + name).isNotNull();
        return (NSEC3Record) set.first();
    }

    static void assertChainClosed(ServedZone zone, NSEC3PARAMRecord param) {
        List<Map.Entry<Name, RRset>> chain = new ArrayList<>(zone.nsec3Chain().entrySet());
        for (int i = 0; i < chain.size(); i++) {
            NSEC3Record nsec3 = (NSEC3Record) chain.get(i).getValue().first();
            Name nextOwner = chain.get((i + 1) % chain.size()).getKey();
            assertThat(nextOwner.getLabelString(0)).isEqualTo(base32hex(nsec3.getNext()));
            assertThat(nsec3.getIterations()).isEqualTo(param.getIterations());
            assertThat(nsec3.getFlags()).as("opt-out off").isZero();
            assertThat(nsec3.getHashAlgorithm()).isEqualTo(1);
            assertThat(chain.get(i).getValue().sigs()).hasSize(1);
        }
    }

    static List<Integer> types(NSECRecord nsec) {
        return Arrays.stream(nsec.getTypes()).boxed().collect(Collectors.toList());
    }

    static List<Integer> types(NSEC3Record nsec3) {
        return Arrays.stream(nsec3.getTypes()).boxed().collect(Collectors.toList());
    }

    static String base32hex(byte[] hash) {
        return new org.xbill.DNS.utils.base32(org.xbill.DNS.utils.base32.Alphabet.BASE32HEX, false, true)
                .toString(hash);
    }
}
