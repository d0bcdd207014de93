package io.mxguard.lab.dns;

import static io.mxguard.lab.dns.Signatures.name;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.DNSKEYRecord;
import org.xbill.DNS.DNSSEC;
import org.xbill.DNS.DSRecord;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.NSECRecord;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.RRset;
import org.xbill.DNS.Record;
import org.xbill.DNS.TLSARecord;
import org.xbill.DNS.Type;

class LabZonesTest {
    static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    static final LabAddresses ADDRESSES = LabAddresses.loopback();
    static final byte[] BOB_SPKI_SHA256 = HexFormat.of().parseHex(
            "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef");
    static LabZones lab;
    static LabDns dns;

    @BeforeAll
    static void seed() {
        lab = LabZones.seed(ADDRESSES, 2525).bobTlsa(3, 1, 1, BOB_SPKI_SHA256);
        dns = lab.sign(CLOCK);
    }

    @Test
    void seedWorld_hasTheSevenZones_andOnlyUnsignedComIsUnsigned() {
        assertThat(dns.zones()).extracting(ServedZone::origin).containsExactly(LabZones.ROOT, LabZones.COM,
                LabZones.NET, LabZones.DESTINATION, LabZones.SOURCE, LabZones.ATTACKER, LabZones.UNSIGNED);
        assertThat(dns.zones()).filteredOn(z -> !z.isSigned()).extracting(ServedZone::origin)
                .containsExactly(LabZones.UNSIGNED);
    }

    @Test
    void seedWorld_everySignatureVerifies_andEachDsMatchesTheChildKsk_fromTheRootAnchor() throws Exception {
        // The anchor matches the root's KSK.
        assertDsMatches(dns.anchor().ds(), dns.zone(LabZones.ROOT));
        for (ServedZone zone : dns.zones()) {
            if (zone.isSigned()) {
                assertThat(Signatures.verifyAll(zone, NOW)).as(zone.toString()).isPositive();
            }
            if (!zone.origin().equals(LabZones.ROOT)) {
                ServedZone parent = dns.zone(new Name(zone.origin(), 1));
                List<DSRecord> ds = parent.rrset(zone.origin(), Type.DS).map(LabZonesTest::ds).orElse(List.of());
                if (zone.isSigned()) {
                    assertDsMatches(ds, zone);
                } else {
                    assertThat(ds).as("DS for unsigned " + zone.origin()).isEmpty();
                }
            }
        }
    }

    @Test
    void bothAlgorithms_areExercised_comIsRsa_andTheRestEcdsa() {
        assertThat(algorithms(dns.zone(LabZones.COM))).containsOnly(8);
        assertThat(algorithms(dns.zone(LabZones.ROOT))).containsOnly(13);
        assertThat(algorithms(dns.zone(LabZones.DESTINATION))).containsOnly(13);
        assertThat(dns.zone(LabZones.COM).rrset(LabZones.COM, Type.DNSKEY).orElseThrow().size())
                .as("com. uses one RSA CSK").isEqualTo(1);
        assertThat(dns.zone(LabZones.SOURCE).rrset(LabZones.SOURCE, Type.DNSKEY).orElseThrow().size()).isEqualTo(2);
    }

    @Test
    void unsignedCom_isProvenInsecure_byTheNsecAtItsCutInCom() {
        ServedZone com = dns.zone(LabZones.COM);
        assertThat(com.rrset(LabZones.UNSIGNED, Type.DS)).isEmpty();
        RRset nsec = com.rrset(LabZones.UNSIGNED, Type.NSEC).orElseThrow();
        assertThat(((NSECRecord) nsec.first()).hasType(Type.NS)).isTrue();
        assertThat(((NSECRecord) nsec.first()).hasType(Type.DS)).isFalse();
        assertThat(nsec.sigs()).isNotEmpty();
        ServedZone unsigned = dns.zone(LabZones.UNSIGNED);
        assertThat(mx(unsigned, LabZones.UNSIGNED)).isEqualTo(name("mx.unsigned.com."));
        assertThat(address(unsigned, name("mx.unsigned.com."))).isEqualTo(ADDRESSES.unsignedMx().getHostAddress());
    }

    @Test
    void mxRecords_pointAtTheActors() {
        assertThat(mx(dns.zone(LabZones.DESTINATION), LabZones.DESTINATION)).isEqualTo(name("mx.destination.com."));
        assertThat(address(dns.zone(LabZones.DESTINATION), name("mx.destination.com.")))
                .isEqualTo(ADDRESSES.bobMx().getHostAddress());
        assertThat(address(dns.zone(LabZones.DESTINATION), name("mta-sts.destination.com.")))
                .isEqualTo(ADDRESSES.mtaSts().getHostAddress());
        assertThat(mx(dns.zone(LabZones.ATTACKER), LabZones.ATTACKER)).isEqualTo(name("mx.attacker.net."));
        assertThat(address(dns.zone(LabZones.ATTACKER), name("mx.attacker.net.")))
                .isEqualTo(ADDRESSES.attackerMx().getHostAddress());
        assertThat(mx(dns.zone(LabZones.SOURCE), LabZones.SOURCE)).isEqualTo(name("smtp.source.com."));
    }

    @Test
    void bobTlsa_isPublishedAtThePortName_andSigned() {
        Name owner = name("_2525._tcp.mx.destination.com.");
        assertThat(lab.tlsaName(lab.bobMxHost())).isEqualTo(owner);
        RRset tlsa = dns.zone(LabZones.DESTINATION).rrset(owner, Type.TLSA).orElseThrow();
        TLSARecord record = (TLSARecord) tlsa.first();
        assertThat(List.of(record.getCertificateUsage(), record.getSelector(), record.getMatchingType()))
                .containsExactly(3, 1, 1);
        assertThat(record.getCertificateAssociationData()).isEqualTo(BOB_SPKI_SHA256);
        assertThat(tlsa.sigs()).hasSize(1);
    }

    @Test
    void everyZoneNs_isGluedToTheLabNameServer_soAnIterativeResolverWalksTheTree() {
        String ns = ADDRESSES.nameServer().getHostAddress();
        for (ServedZone zone : dns.zones()) {
            if (zone.origin().equals(LabZones.ROOT)) {
                continue;
            }
            ServedZone parent = dns.zone(new Name(zone.origin(), 1));
            Name host = ((NSRecord) parent.rrset(zone.origin(), Type.NS).orElseThrow().first()).getTarget();
            assertThat(address(parent, host)).as("glue of " + host).isEqualTo(ns);
            assertThat(address(zone, host)).as("address of " + host + " in its zone").isEqualTo(ns);
        }
        assertThat(((NSRecord) dns.zone(LabZones.ROOT).rrset(Name.root, Type.NS).orElseThrow().first()).getTarget())
                .isEqualTo(LabZones.ROOT_SERVER);
        assertThat(address(dns.zone(LabZones.ROOT), LabZones.ROOT_SERVER)).isEqualTo(ns);
        assertThat(address(dns.zone(LabZones.NET), LabZones.ROOT_SERVER)).isEqualTo(ns);
        assertThat(dns.rootHints()).isEqualTo(
                ".\t3600000\tIN\tNS\ta.root-servers.net.\na.root-servers.net.\t3600000\tIN\tA\t" + ns + "\n");
    }

    @Test
    void anchorFiles_holdTheRootKskDs_inUnboundAndBindFormats(@TempDir Path dir) throws Exception {
        TrustAnchor anchor = dns.anchor();
        DNSKEYRecord ksk = (DNSKEYRecord) dns.zone(LabZones.ROOT).rrset(Name.root, Type.DNSKEY).orElseThrow().rrs()
                .stream().filter(k -> ((DNSKEYRecord) k).getFlags() == 257).findFirst().orElseThrow();
        String digest = org.xbill.DNS.utils.base16.toString(anchor.ds().get(0).getDigest());
        assertThat(anchor.ds()).hasSize(1);
        assertThat(digest).matches("[0-9A-F]{64}");
        assertThat(anchor.zoneFileDs()).isEqualTo(". IN DS " + ksk.getFootprint() + " 13 2 " + digest + "\n");
        assertThat(anchor.bindTrustAnchors()).isEqualTo(
                "trust-anchors {\n\t. static-ds " + ksk.getFootprint() + " 13 2 \"" + digest + "\";\n};\n");
        assertThat(anchor.zoneFileDnskey()).startsWith(". IN DNSKEY 257 3 13 ");
        assertThat(anchor.dnskeys()).containsExactly(ksk);

        Path unbound = dir.resolve("root.ds");
        anchor.writeZoneFile(unbound);
        Record parsed = new org.xbill.DNS.Master(unbound.toString(), Name.root, 3600).nextRecord();
        assertThat(parsed).isInstanceOf(DSRecord.class);
        assertThat(((DSRecord) parsed).getDigest()).isEqualTo(anchor.ds().get(0).getDigest());
        Path bind = dir.resolve("root.anchors");
        anchor.writeBind(bind);
        assertThat(Files.readString(bind)).isEqualTo(anchor.bindTrustAnchors());
    }

    @Test
    void resigning_keepsKeysAndAnchor_andAddedRecordsAppear() throws Exception {
        lab.zone(LabZones.DESTINATION).txt("_mta-sts", "v=STSv1; id=20260301");
        LabDns again = lab.sign(Clock.offset(CLOCK, java.time.Duration.ofDays(1)));
        assertThat(again.anchor()).isEqualTo(dns.anchor());
        assertThat(again.zone(LabZones.DESTINATION).rrset(name("_mta-sts.destination.com."), Type.TXT)).isPresent();
        Signatures.verifyAll(again.zone(LabZones.DESTINATION), NOW.plus(java.time.Duration.ofDays(1)));
    }

    @Test
    void useNsec3_signsTheChosenZoneWithNsec3_andLeavesOthersOnNsec() throws Exception {
        LabZones nsec3Lab = LabZones.seed(ADDRESSES, 25).useNsec3(LabZones.DESTINATION);
        LabDns world = nsec3Lab.sign(CLOCK);
        ServedZone destination = world.zone(LabZones.DESTINATION);
        assertThat(destination.nsec3Param()).isPresent();
        // apex, mx, mta-sts, ns1: no TLSA was added to this lab, so no empty non-terminals.
        assertThat(destination.nsec3Chain()).hasSize(4);
        assertThat(world.zone(LabZones.COM).nsec3Param()).isEmpty();
        Signatures.verifyAll(destination, NOW);
    }

    // ---- helpers

    static void assertDsMatches(List<DSRecord> ds, ServedZone child) {
        List<DNSKEYRecord> ksks = child.rrset(child.origin(), Type.DNSKEY).orElseThrow().rrs().stream()
                .map(DNSKEYRecord.class::cast).filter(k -> (k.getFlags() & DNSKEYRecord.Flags.SEP_KEY) != 0).toList();
        assertThat(ds).as("DS of " + child.origin()).hasSameSizeAs(ksks).isNotEmpty();
        for (DNSKEYRecord ksk : ksks) {
            DSRecord expected = new DSRecord(child.origin(), DClass.IN, 3600, DNSSEC.Digest.SHA256, ksk);
            assertThat(ds).anySatisfy(d -> {
                assertThat(d.getFootprint()).isEqualTo(ksk.getFootprint());
                assertThat(d.getDigestID()).isEqualTo(2);
                assertThat(d.getDigest()).isEqualTo(expected.getDigest());
            });
        }
    }

    static List<DSRecord> ds(RRset set) {
        return set.rrs().stream().map(DSRecord.class::cast).toList();
    }

    static List<Integer> algorithms(ServedZone zone) {
        return zone.rrset(zone.origin(), Type.DNSKEY).orElseThrow().rrs().stream()
                .map(k -> ((DNSKEYRecord) k).getAlgorithm()).toList();
    }

    static Name mx(ServedZone zone, Name owner) {
        return ((MXRecord) zone.rrset(owner, Type.MX).orElseThrow().first()).getTarget();
    }

    static String address(ServedZone zone, Name owner) {
        return ((ARecord) zone.rrset(owner, Type.A).orElseThrow().first()).getAddress().getHostAddress();
    }
}
