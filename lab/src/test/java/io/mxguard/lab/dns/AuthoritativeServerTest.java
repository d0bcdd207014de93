package io.mxguard.lab.dns;

import static io.mxguard.lab.dns.TestWorld.WORLD;
import static io.mxguard.lab.dns.TestWorld.name;
import static io.mxguard.lab.dns.TestWorld.query;
import static io.mxguard.lab.dns.TestWorld.queryTcp;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.ExtendedFlags;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.RRSIGRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;
import org.xbill.DNS.dnssec.ValidatingResolver;

class AuthoritativeServerTest {
    private static final List<DnsQueryEvent> EVENTS = new CopyOnWriteArrayList<>();
    private static AuthoritativeServer server;

    @BeforeAll
    static void start() throws Exception {
        server = new AuthoritativeServer(DnsServerConfig.loopback(), WORLD.zones, EVENTS::add).start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void address_answersFromTheDeepestZone_authoritatively() throws Exception {
        Message reply = query(server.address(), "mx.destination.com.", Type.A, true);

        assertThat(reply.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(reply.getHeader().getFlag(Flags.AA)).isTrue();
        assertThat(reply.getHeader().getFlag(Flags.AD)).isFalse();
        assertThat(types(reply, Section.ANSWER)).containsExactly(Type.A, Type.RRSIG);
        assertThat(signers(reply, Section.ANSWER)).containsExactly("destination.com.");
    }

    @Test
    void ds_isAnsweredFromTheParentZone() throws Exception {
        Message reply = query(server.address(), "destination.com.", Type.DS, true);

        assertThat(types(reply, Section.ANSWER)).containsExactly(Type.DS, Type.RRSIG);
        assertThat(signers(reply, Section.ANSWER)).containsExactly("com.");
    }

    @Test
    void withoutDo_noDnssecRecordsAnywhere() throws Exception {
        Message positive = query(server.address(), "mx.destination.com.", Type.A, false);
        Message negative = query(server.address(), "nope.destination.com.", Type.A, false);

        for (Message reply : List.of(positive, negative)) {
            assertThat(allTypes(reply)).doesNotContain(Type.RRSIG, Type.NSEC, Type.NSEC3);
            assertThat(reply.getOPT().getFlags() & ExtendedFlags.DO).isZero();
        }
        assertThat(negative.getRcode()).isEqualTo(Rcode.NXDOMAIN);
        assertThat(types(negative, Section.AUTHORITY)).containsExactly(Type.SOA);
    }

    @Test
    void nxdomain_withDo_carriesSoaAndNsecProofs() throws Exception {
        Message reply = query(server.address(), "nope.destination.com.", Type.A, true);

        assertThat(reply.getRcode()).isEqualTo(Rcode.NXDOMAIN);
        assertThat(reply.getHeader().getFlag(Flags.AA)).isTrue();
        assertThat(types(reply, Section.AUTHORITY)).contains(Type.SOA, Type.NSEC, Type.RRSIG);
        assertThat(reply.getSection(Section.AUTHORITY).stream().filter(r -> r.getType() == Type.RRSIG)
                .map(r -> ((RRSIGRecord) r).getTypeCovered())).contains(Type.SOA, Type.NSEC);
    }

    @Test
    void nodata_withDo_carriesTheNamesNsecAndSoa() throws Exception {
        Message reply = query(server.address(), "mx.destination.com.", Type.AAAA, true);

        assertThat(reply.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(reply.getSection(Section.ANSWER)).isEmpty();
        assertThat(reply.getSection(Section.AUTHORITY).stream().filter(r -> r.getType() == Type.NSEC)
                .map(r -> r.getName().toString())).containsExactly("mx.destination.com.");
        assertThat(types(reply, Section.AUTHORITY)).contains(Type.SOA);
    }

    @Test
    void validatingStub_findsEveryAnswerSecure() throws Exception {
        ValidatingResolver validator = new ValidatingResolver(TestWorld.resolver(server.address(), true, false));
        validator.loadTrustAnchors(new ByteArrayInputStream(WORLD.trustAnchor().getBytes(StandardCharsets.US_ASCII)));
        record Case(String name, int type, int rcode) {}
        List<Case> cases = List.of(
                new Case("mx.destination.com.", Type.A, Rcode.NOERROR),
                new Case("destination.com.", Type.MX, Rcode.NOERROR),
                new Case("www.destination.com.", Type.A, Rcode.NOERROR),
                new Case("x.wild.destination.com.", Type.A, Rcode.NOERROR),
                new Case("nope.destination.com.", Type.A, Rcode.NXDOMAIN),
                new Case("mx.destination.com.", Type.AAAA, Rcode.NOERROR),
                new Case("_tcp.mx.destination.com.", Type.TLSA, Rcode.NOERROR),
                new Case("_25._tcp.mx.destination.com.", Type.TLSA, Rcode.NOERROR),
                new Case("x.wild.destination.com.", Type.MX, Rcode.NOERROR),
                new Case("smtp.source.com.", Type.A, Rcode.NOERROR),
                new Case("smtp.source.com.", Type.AAAA, Rcode.NOERROR),
                new Case("nope.source.com.", Type.A, Rcode.NXDOMAIN),
                new Case("b.source.com.", Type.TXT, Rcode.NOERROR),
                new Case("elsewhere.com.", Type.DS, Rcode.NOERROR));
        for (Case c : cases) {
            Message reply = validator.send(Message.newQuery(Record.newRecord(name(c.name), c.type, 1)));
            assertThat(reply.getRcode()).as(c.toString() + "\n" + reply).isEqualTo(c.rcode);
            assertThat(reply.getHeader().getFlag(Flags.AD)).as(c.toString() + "\n" + reply).isTrue();
        }
    }

    @Test
    void referral_forAZoneWeDoNotHold_hasNsNoDsProofAndGlue() throws Exception {
        Message reply = query(server.address(), "host.elsewhere.com.", Type.A, true);

        assertThat(reply.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(reply.getHeader().getFlag(Flags.AA)).isFalse();
        assertThat(reply.getSection(Section.ANSWER)).isEmpty();
        assertThat(types(reply, Section.AUTHORITY)).contains(Type.NS, Type.NSEC).doesNotContain(Type.DS);
        assertThat(reply.getSection(Section.ADDITIONAL).stream().filter(r -> r.getType() == Type.A)
                .map(r -> ((ARecord) r).getAddress().getHostAddress())).containsExactly("127.0.0.53");
    }

    @Test
    void referral_forTheCutItself_isNotAuthoritative() throws Exception {
        Message reply = query(server.address(), "elsewhere.com.", Type.NS, true);

        assertThat(reply.getHeader().getFlag(Flags.AA)).isFalse();
        assertThat(reply.getSection(Section.ANSWER)).isEmpty();
        assertThat(types(reply, Section.AUTHORITY)).contains(Type.NS, Type.NSEC).doesNotContain(Type.DS);
    }

    @Test
    void largeRrset_truncatedOverUdp_fullOverTcp() throws Exception {
        org.xbill.DNS.SimpleResolver udpOnly = TestWorld.resolver(server.address(), true, false);
        udpOnly.setIgnoreTruncation(true);
        Message udp = udpOnly.send(Message.newQuery(Record.newRecord(name("big.destination.com."), Type.TXT, 1)));
        Message tcp = queryTcp(server.address(), "big.destination.com.", Type.TXT, true);

        assertThat(udp.getHeader().getFlag(Flags.TC)).isTrue();
        assertThat(udp.getSection(Section.ANSWER)).isEmpty();
        assertThat(tcp.getHeader().getFlag(Flags.TC)).isFalse();
        assertThat(tcp.getSection(Section.ANSWER).stream().filter(r -> r.getType() == Type.TXT)).hasSize(40);
    }

    @Test
    void cname_isChasedInsideAndAcrossZones() throws Exception {
        Message inside = query(server.address(), "www.destination.com.", Type.A, false);
        Message across = query(server.address(), "cross.com.", Type.A, true);

        assertThat(types(inside, Section.ANSWER)).containsExactly(Type.CNAME, Type.A);
        assertThat(types(across, Section.ANSWER)).containsExactly(Type.CNAME, Type.RRSIG, Type.A, Type.RRSIG);
        assertThat(signers(across, Section.ANSWER)).containsExactly("com.", "destination.com.");
    }

    @Test
    void nameOutsideOurZones_isRefused() throws Exception {
        assertThat(query(server.address(), "example.org.", Type.A, false).getRcode()).isEqualTo(Rcode.REFUSED);
    }

    @Test
    void listener_seesEachQueryWithItsOutcome() throws Exception {
        query(server.address(), "listener.destination.com.", Type.MX, false);

        assertThat(EVENTS).anySatisfy(e -> {
            assertThat(e.server()).isEqualTo("authoritative");
            assertThat(e.qname()).contains(name("listener.destination.com."));
            assertThat(e.qtype()).isEqualTo(Type.MX);
            assertThat(e.rcode()).isEqualTo(Rcode.NXDOMAIN);
            assertThat(e.outcome()).isEqualTo(DnsQueryEvent.Outcome.ANSWERED);
            assertThat(e.client().getAddress().isLoopbackAddress()).isTrue();
        });
    }

    @Test
    void close_freesThePort_andIsIdempotent() throws Exception {
        AuthoritativeServer first = new AuthoritativeServer(WORLD.zones).start();
        var address = first.address();
        first.close();
        first.close();

        try (AuthoritativeServer second = new AuthoritativeServer(DnsServerConfig.on(address), WORLD.zones, e -> {})) {
            second.start();
            assertThat(second.address()).isEqualTo(address);
            assertThat(query(address, "mx.destination.com.", Type.A, false).getRcode()).isEqualTo(Rcode.NOERROR);
        }
    }

    static List<Integer> types(Message m, int section) {
        return m.getSection(section).stream().map(Record::getType).collect(Collectors.toList());
    }

    static List<Integer> allTypes(Message m) {
        return List.of(Section.ANSWER, Section.AUTHORITY, Section.ADDITIONAL).stream()
                .flatMap(s -> m.getSection(s).stream()).map(Record::getType).collect(Collectors.toList());
    }

    static List<String> signers(Message m, int section) {
        return m.getSection(section).stream().filter(r -> r.getType() == Type.RRSIG)
                .map(r -> ((RRSIGRecord) r).getSigner().toString()).collect(Collectors.toList());
    }
}
