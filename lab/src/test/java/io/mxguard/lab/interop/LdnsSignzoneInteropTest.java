package io.mxguard.lab.interop;

import io.mxguard.interop.Peer;
import static org.assertj.core.api.Assertions.assertThat;

import io.mxguard.dns.DnsAnswer;
import io.mxguard.dns.Security;
import io.mxguard.dns.ValidatingSecureResolver;
import io.mxguard.lab.dns.AuthoritativeServer;
import io.mxguard.lab.dns.DnsServerConfig;
import io.mxguard.lab.dns.LabAddresses;
import io.mxguard.lab.dns.LabDns;
import io.mxguard.lab.dns.LabZones;
import io.mxguard.lab.dns.ServedZone;
import io.mxguard.lab.dns.ZoneBuilder;
import io.mxguard.lab.dns.ZoneText;
import io.mxguard.lab.world.WorldResolvers;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.xbill.DNS.DSRecord;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Master;
import org.xbill.DNS.Name;
import org.xbill.DNS.RRSIGRecord;
import org.xbill.DNS.RRset;
import org.xbill.DNS.Type;

/**
 * Interop: our validator checks a zone signed by NLnet Labs' ldns-signzone (Debian package
 * ldnsutils), keys from ldns-keygen, delegated from the lab's com. with the DS ldns wrote.
 *
 * <p>The zone is a fresh {@code ldns.com.} rather than Bob's {@code destination.com.}: LabZones
 * has no way to take back the DS it already put in com., and a fresh name needs none. It is
 * written by {@link ZoneText}, signed with NSEC, NSEC3 (RFC 9276: no salt, no extra iterations)
 * and salted NSEC3, read back with dnsjava's {@link Master}, and served by our {@link
 * AuthoritativeServer} beside the lab's own zones. A copy whose MX target was edited after
 * signing (RRSIG kept) must be BOGUS.
 */
class LdnsSignzoneInteropTest {
    static final Name ZONE = Name.fromConstantString("ldns.com.");

    /** The ldns-signzone denial options under test. */
    enum Denial {
        NSEC(),
        NSEC3("-n", "-t", "0"),
        NSEC3_SALTED("-n", "-t", "2", "-s", "0a1b2c3d");

        final List<String> flags;

        Denial(String... flags) {
            this.flags = List.of(flags);
        }
    }

    @TempDir
    static Path dir;
    static Path signzone;
    static LabAddresses addresses;
    static LabDns lab;
    static Path anchor;
    static String kskBase;
    static String zskBase;
    static Path unsignedZone;

    AuthoritativeServer server;
    ValidatingSecureResolver resolver;

    @BeforeAll
    static void keysAndLab() throws Exception {
        Path keygen = Peer.require("ldns-keygen", "ldnsutils");
        signzone = Peer.require("ldns-signzone", "ldnsutils");
        kskBase = keygen(keygen, "-k");
        zskBase = keygen(keygen);
        DSRecord ds = readDs(dir.resolve(kskBase + ".ds"));

        LabZones zones = LabZones.seed(WorldResolvers.addresses(), 25);
        addresses = zones.addresses();
        // The lab's com. delegates ldns.com. with the DS of ldns's KSK; the rest of the tree is the seed's.
        zones.zone(LabZones.COM).delegate(ZONE.toString(), "ns1." + ZONE, addresses.nameServer())
                .ds(ZONE.toString(), List.of(ds));
        lab = zones.sign(Clock.systemUTC());
        anchor = dir.resolve("lab-anchor.ds");
        lab.anchor().writeZoneFile(anchor);

        ServedZone unsigned = ZoneBuilder.zone(ZONE).ns("ns1", addresses.nameServer()).mx(10, "mx")
                .address("mx", addresses.bobMx()).build().unsigned();
        unsignedZone = dir.resolve("ldns.com.zone");
        ZoneText.write(unsigned, unsignedZone);
    }

    @AfterEach
    void stop() {
        if (resolver != null) {
            resolver.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @ParameterizedTest(name = "ldnsSigned_{0}_mx_isSecure")
    @EnumSource(Denial.class)
    void ldnsSignedZone_mx_isSecure_andDenialsAreSecure(Denial denial) throws Exception {
        String signed = sign(denial);
        serve(signed);

        DnsAnswer mx = resolver.lookup(ZONE, Type.MX);
        assertThat(mx).as(describe(mx, signed)).isInstanceOf(DnsAnswer.Records.class);
        assertThat(mx.security()).as(describe(mx, signed)).isEqualTo(Security.SECURE);
        assertThat(mx.records()).singleElement().isInstanceOfSatisfying(MXRecord.class,
                r -> assertThat(r.getTarget()).hasToString("mx.ldns.com."));

        DnsAnswer a = resolver.lookup(Name.fromString("mx.ldns.com."), Type.A);
        assertThat(a.security()).as(describe(a, signed)).isEqualTo(Security.SECURE);

        // ldns's NSEC/NSEC3 chain, picked by our server, checked by our validator.
        DnsAnswer nx = resolver.lookup(Name.fromString("nope.ldns.com."), Type.MX);
        assertThat(nx).as(describe(nx, signed)).isInstanceOf(DnsAnswer.NxDomain.class);
        assertThat(nx.security()).as(describe(nx, signed)).isEqualTo(Security.SECURE);

        DnsAnswer noData = resolver.lookup(Name.fromString("mx.ldns.com."), Type.TXT);
        assertThat(noData).as(describe(noData, signed)).isInstanceOf(DnsAnswer.NoData.class);
        assertThat(noData.security()).as(describe(noData, signed)).isEqualTo(Security.SECURE);
    }

    @ParameterizedTest(name = "ldnsSigned_{0}_mxTamperedAfterSigning_isBogus")
    @EnumSource(Denial.class)
    void ldnsSignedZone_mxTamperedAfterSigning_isBogus(Denial denial) throws Exception {
        String signed = sign(denial);
        String tampered = signed.replaceFirst("(?m)^(ldns\\.com\\.\\s+\\d+\\s+IN\\s+MX\\s+10\\s+)mx\\.ldns\\.com\\.",
                "$1mx.attacker.net.");
        assertThat(tampered).as("the MX line of%n%s", signed).isNotEqualTo(signed);
        serve(tampered);

        DnsAnswer mx = resolver.lookup(ZONE, Type.MX);
        assertThat(mx).as(describe(mx, tampered)).isInstanceOf(DnsAnswer.Failed.class);
        assertThat(mx.security()).as(describe(mx, tampered)).isEqualTo(Security.BOGUS);
        assertThat(mx.reason()).isNotBlank();
        // The rest of the zone is untouched and still validates.
        assertThat(resolver.lookup(Name.fromString("mx.ldns.com."), Type.A).security()).isEqualTo(Security.SECURE);
    }

    private static String keygen(Path keygen, String... extra) throws Exception {
        List<String> command = new ArrayList<>(List.of(keygen.toString(), "-a", "ECDSAP256SHA256"));
        command.addAll(List.of(extra));
        command.add(ZONE.toString());
        Peer.Result result = Peer.run(dir, command.toArray(String[]::new));
        assertThat(result.exit()).as(result.toString()).isZero();
        String base = result.output().strip();
        assertThat(dir.resolve(base + ".private")).as(result.toString()).exists();
        return base;
    }

    private static DSRecord readDs(Path file) throws IOException {
        try (Master master = new Master(file.toString(), ZONE, 3600)) {
            for (org.xbill.DNS.Record r = master.nextRecord(); r != null; r = master.nextRecord()) {
                if (r instanceof DSRecord ds) {
                    return ds;
                }
            }
        }
        throw new AssertionError("no DS in " + file + ":\n" + Files.readString(file));
    }

    /** sign - ldns-signzone with these denial flags, inception backdated an hour; the signed text. */
    private static String sign(Denial denial) throws Exception {
        Path out = dir.resolve("ldns.com.zone." + denial + ".signed");
        List<String> command = new ArrayList<>(List.of(signzone.toString()));
        command.addAll(denial.flags);
        command.addAll(List.of("-i", String.valueOf(Instant.now().minus(Duration.ofHours(1)).getEpochSecond()),
                "-f", out.toString(), unsignedZone.toString(), zskBase, kskBase));
        Peer.Result result = Peer.run(dir, command.toArray(String[]::new));
        assertThat(result.exit()).as(result.toString()).isZero();
        return Files.readString(out);
    }

    /** serve - the lab's zones plus this text of ldns.com., on a fresh server, with a fresh resolver. */
    private void serve(String zoneText) throws Exception {
        Path file = dir.resolve("serving.zone");
        Files.writeString(file, zoneText);
        List<ServedZone> zones = new ArrayList<>(lab.zones());
        zones.add(new ServedZone(ZONE, rrsets(file)));
        server = new AuthoritativeServer(DnsServerConfig.on(new InetSocketAddress(addresses.nameServer(), 0)), zones,
                event -> {}).start();
        resolver = WorldResolvers.validating(anchor, server.address());
    }

    // RRSIGs join the RRset they cover; everything else groups by (owner, type).
    private static List<RRset> rrsets(Path file) throws IOException {
        Map<String, RRset> sets = new LinkedHashMap<>();
        try (Master master = new Master(file.toString(), ZONE, 3600)) {
            for (org.xbill.DNS.Record r = master.nextRecord(); r != null; r = master.nextRecord()) {
                int type = r instanceof RRSIGRecord sig ? sig.getTypeCovered() : r.getType();
                sets.computeIfAbsent(r.getName() + "/" + type, k -> new RRset()).addRR(r);
            }
        }
        return List.copyOf(sets.values());
    }

    private static String describe(DnsAnswer answer, String zoneText) {
        return answer + "\n--- zone as signed by ldns-signzone and served ---\n" + zoneText;
    }
}
