package io.mxguard.lab.dns;

import static io.mxguard.lab.dns.AuthoritativeServerTest.allTypes;
import static io.mxguard.lab.dns.AuthoritativeServerTest.types;
import static io.mxguard.lab.dns.TestWorld.WORLD;
import static io.mxguard.lab.dns.TestWorld.name;
import static io.mxguard.lab.dns.TestWorld.query;
import static org.assertj.core.api.Assertions.assertThat;

import io.mxguard.lab.dns.HijackRule.Denial;
import io.mxguard.lab.dns.HijackRule.Signatures;
import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.ExtendedFlags;
import org.xbill.DNS.Flags;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.RRSIGRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

class HijackingResolverTest {
    private static final InetAddress ATTACKER = address("127.0.0.66");
    private static final List<DnsQueryEvent> EVENTS = new CopyOnWriteArrayList<>();
    private static AuthoritativeServer upstream;
    private static HijackingResolver hijacker;

    @BeforeAll
    static void start() throws Exception {
        upstream = new AuthoritativeServer(WORLD.zones).start();
        hijacker = new HijackingResolver(DnsServerConfig.loopback(), upstream.address(), List.of(), EVENTS::add).start();
    }

    @AfterEach
    void honestAgain() {
        hijacker.rules(List.of());
    }

    @AfterAll
    static void stop() {
        hijacker.close();
        upstream.close();
    }

    @Test
    void hijacker_withoutRules_passesEverythingThroughUnchanged() throws Exception {
        for (String[] q : new String[][] {{"destination.com.", "MX"}, {"nope.destination.com.", "A"},
                {"host.elsewhere.com.", "A"}, {"_25._tcp.mx.destination.com.", "TLSA"}}) {
            int type = Type.value(q[1]);
            Message direct = query(upstream.address(), q[0], type, true);
            Message forwarded = query(hijacker.address(), q[0], type, true);
            assertThat(forwarded.getRcode()).isEqualTo(direct.getRcode());
            for (int section : new int[] {Section.ANSWER, Section.AUTHORITY}) {
                assertThat(forwarded.getSection(section)).as(q[0]).isEqualTo(direct.getSection(section));
            }
            assertThat(forwarded.getHeader().getFlag(Flags.AD)).isFalse();
        }
    }

    @Test
    void hijacker_rewriteMx_stripsSignatures() throws Exception {
        hijacker.rules(List.of(HijackRule.rewriteMx(name("destination.com."), name("mx.attacker.net."), Signatures.STRIP)));

        Message reply = query(hijacker.address(), "destination.com.", Type.MX, true);

        assertThat(mxTargets(reply)).containsExactly("mx.attacker.net.");
        assertThat(types(reply, Section.ANSWER)).containsExactly(Type.MX);
        assertThat(firedFor("destination.com.")).anyMatch(a -> a.startsWith("rewriteMx"));
    }

    @Test
    void hijacker_rewriteMx_keepsStaleSignatures() throws Exception {
        hijacker.rules(List.of(HijackRule.rewriteMx(name("destination.com."), name("mx.attacker.net."),
                Signatures.KEEP_STALE)));

        Message reply = query(hijacker.address(), "destination.com.", Type.MX, true);

        assertThat(mxTargets(reply)).containsExactly("mx.attacker.net.");
        assertThat(types(reply, Section.ANSWER)).containsExactly(Type.MX, Type.RRSIG);
        assertThat(((RRSIGRecord) reply.getSection(Section.ANSWER).get(1)).getTypeCovered()).isEqualTo(Type.MX);
    }

    @Test
    void hijacker_rewriteAddress_replacesOnlyThatHost() throws Exception {
        hijacker.rules(List.of(HijackRule.rewriteAddress(name("mx.destination.com."), ATTACKER, Signatures.STRIP)));

        Message forged = query(hijacker.address(), "mx.destination.com.", Type.A, true);
        Message other = query(hijacker.address(), "smtp.source.com.", Type.A, true);

        assertThat(addresses(forged)).containsExactly("127.0.0.66");
        assertThat(types(forged, Section.ANSWER)).containsExactly(Type.A);
        assertThat(addresses(other)).containsExactly("127.0.0.20");
        assertThat(types(other, Section.ANSWER)).containsExactly(Type.A, Type.RRSIG);
    }

    @Test
    void hijacker_rewriteAddress_keepsStaleSignatures_behindACname() throws Exception {
        hijacker.rules(List.of(HijackRule.rewriteAddress(name("mx.destination.com."), ATTACKER, Signatures.KEEP_STALE)));

        Message reply = query(hijacker.address(), "www.destination.com.", Type.A, true);

        assertThat(addresses(reply)).containsExactly("127.0.0.66");
        assertThat(types(reply, Section.ANSWER)).containsExactly(Type.CNAME, Type.RRSIG, Type.A, Type.RRSIG);
    }

    @Test
    void hijacker_setAd_liesAboutValidation() throws Exception {
        hijacker.rules(List.of(HijackRule.setAd()));

        assertThat(query(hijacker.address(), "destination.com.", Type.MX, true).getHeader().getFlag(Flags.AD)).isTrue();
    }

    @Test
    void hijacker_dropTlsa_deniesWithoutProof() throws Exception {
        hijacker.rules(List.of(HijackRule.dropTlsa(Denial.NXDOMAIN)));

        Message tlsa = query(hijacker.address(), "_25._tcp.mx.destination.com.", Type.TLSA, true);
        Message mx = query(hijacker.address(), "destination.com.", Type.MX, true);

        assertThat(tlsa.getRcode()).isEqualTo(Rcode.NXDOMAIN);
        assertThat(tlsa.getSection(Section.ANSWER)).isEmpty();
        assertThat(allTypes(tlsa)).doesNotContain(Type.NSEC, Type.NSEC3, Type.RRSIG);
        assertThat(types(mx, Section.ANSWER)).containsExactly(Type.MX, Type.RRSIG);

        hijacker.rules(List.of(HijackRule.dropTlsa(Denial.NODATA)));
        Message nodata = query(hijacker.address(), "_25._tcp.mx.destination.com.", Type.TLSA, true);
        assertThat(nodata.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(nodata.getSection(Section.ANSWER)).isEmpty();
        assertThat(allTypes(nodata)).doesNotContain(Type.NSEC, Type.NSEC3, Type.RRSIG);
    }

    @Test
    void hijacker_stripDnssec_removesEveryDnssecRecordAndDo() throws Exception {
        hijacker.rules(List.of(HijackRule.stripDnssec()));

        Message negative = query(hijacker.address(), "nope.destination.com.", Type.A, true);
        Message keys = query(hijacker.address(), "destination.com.", Type.DNSKEY, true);

        assertThat(allTypes(negative)).containsOnly(Type.SOA, Type.OPT);
        assertThat(negative.getOPT().getFlags() & ExtendedFlags.DO).isZero();
        assertThat(keys.getSection(Section.ANSWER)).isEmpty();
    }

    @Test
    void hijacker_injectAdditional_addsAnUnsignedRecord() throws Exception {
        Record lie = new ARecord(name("mx.destination.com."), DClass.IN, 300, ATTACKER);
        hijacker.rules(List.of(HijackRule.injectAdditional(lie)));

        Message reply = query(hijacker.address(), "destination.com.", Type.MX, true);

        assertThat(reply.getSection(Section.ADDITIONAL)).contains(lie);
        assertThat(types(reply, Section.ANSWER)).containsExactly(Type.MX, Type.RRSIG);
    }

    @Test
    void hijacker_rulesCombine_andSwapAtRuntime() throws Exception {
        hijacker.rules(List.of(
                HijackRule.rewriteMx(name("destination.com."), name("mx.attacker.net."), Signatures.KEEP_STALE),
                HijackRule.setAd()));
        Message hijacked = query(hijacker.address(), "destination.com.", Type.MX, true);

        hijacker.rules(List.of());
        Message honest = query(hijacker.address(), "destination.com.", Type.MX, true);

        assertThat(mxTargets(hijacked)).containsExactly("mx.attacker.net.");
        assertThat(hijacked.getHeader().getFlag(Flags.AD)).isTrue();
        assertThat(mxTargets(honest)).containsExactly("mx.destination.com.");
        assertThat(honest.getHeader().getFlag(Flags.AD)).isFalse();
    }

    @Test
    void hijacker_followsUpstreamTruncationOverTcp_andTruncatesForItsClient() throws Exception {
        org.xbill.DNS.SimpleResolver udpOnly = TestWorld.resolver(hijacker.address(), true, false);
        udpOnly.setIgnoreTruncation(true);
        Message udp = udpOnly.send(Message.newQuery(Record.newRecord(name("big.destination.com."), Type.TXT, 1)));
        Message full = query(hijacker.address(), "big.destination.com.", Type.TXT, true); // retries over TCP

        assertThat(udp.getHeader().getFlag(Flags.TC)).isTrue();
        assertThat(full.getSection(Section.ANSWER).stream().filter(r -> r.getType() == Type.TXT)).hasSize(40);
    }

    @Test
    void hijacker_upstreamDown_isServfail() throws Exception {
        AuthoritativeServer gone = new AuthoritativeServer(WORLD.zones).start();
        var address = gone.address();
        gone.close();
        try (HijackingResolver orphan = new HijackingResolver(address, List.of()).start()) {
            org.xbill.DNS.SimpleResolver r = TestWorld.resolver(orphan.address(), false, false);
            r.setTimeout(java.time.Duration.ofSeconds(5));
            Message reply = r.send(Message.newQuery(Record.newRecord(name("destination.com."), Type.MX, 1)));
            assertThat(reply.getRcode()).isEqualTo(Rcode.SERVFAIL);
        }
    }

    private static List<String> mxTargets(Message m) {
        return m.getSection(Section.ANSWER).stream().filter(r -> r instanceof MXRecord)
                .map(r -> ((MXRecord) r).getTarget().toString()).collect(Collectors.toList());
    }

    private static List<String> addresses(Message m) {
        return m.getSection(Section.ANSWER).stream().filter(r -> r instanceof ARecord)
                .map(r -> ((ARecord) r).getAddress().getHostAddress()).collect(Collectors.toList());
    }

    private static List<String> firedFor(String qname) {
        return EVENTS.stream().filter(e -> e.qname().map(n -> n.equals(name(qname))).orElse(false))
                .flatMap(e -> e.actions().stream()).collect(Collectors.toList());
    }

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
