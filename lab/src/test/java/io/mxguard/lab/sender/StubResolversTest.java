package io.mxguard.lab.sender;

import static org.assertj.core.api.Assertions.assertThat;

import io.mxguard.dns.DnsAnswer;
import io.mxguard.dns.Security;
import io.mxguard.lab.dns.HijackRule;
import io.mxguard.lab.dns.HijackRule.Signatures;
import io.mxguard.lab.world.LabWorld;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/** The lab-only stubs of the non-mxguard modes: they believe the resolver, all of it or its AD bit. */
class StubResolversTest {
    private static final Name ATTACKER_MX = Name.fromConstantString("mx.attacker.net.");
    private static LabWorld world;

    @BeforeAll
    static void startWorld() throws Exception {
        world = LabWorld.start();
    }

    @AfterAll
    static void stopWorld() {
        world.close();
    }

    @BeforeEach
    void honestWorld() {
        world.dns().hijack(List.of());
    }

    @Test
    void trusting_honestDns_signedMx_isInsecure_becauseNothingIsValidated() {
        DnsAnswer mx = new TrustingResolver(world.dns().honestResolver()).lookup(LabSenders.DESTINATION, Type.MX);

        assertThat(mx).isInstanceOf(DnsAnswer.Records.class);
        assertThat(mx.security()).isEqualTo(Security.INSECURE);
        assertThat(target(mx)).hasToString("mx.destination.com.");
    }

    @Test
    void trusting_hijackedMx_returnsTheAttackersMx_asInsecureData() {
        world.dns().hijack(List.of(HijackRule.rewriteMx(LabSenders.DESTINATION, ATTACKER_MX, Signatures.STRIP)));

        DnsAnswer mx = new TrustingResolver(world.dns().hijackingResolver()).lookup(LabSenders.DESTINATION, Type.MX);

        assertThat(mx.security()).isEqualTo(Security.INSECURE);
        assertThat(target(mx)).isEqualTo(ATTACKER_MX);
    }

    @Test
    void adTrusting_hijackerSetsAd_andRewritesMx_theLieIsBelievedAsSecure() {
        world.dns().hijack(List.of(HijackRule.setAd(),
                HijackRule.rewriteMx(LabSenders.DESTINATION, ATTACKER_MX, Signatures.STRIP)));

        DnsAnswer mx = new AdTrustingResolver(world.dns().hijackingResolver()).lookup(LabSenders.DESTINATION, Type.MX);

        assertThat(mx.security()).as(mx.reason()).isEqualTo(Security.SECURE);
        assertThat(target(mx)).isEqualTo(ATTACKER_MX);
    }

    @Test
    void adTrusting_honestAuthoritativeServer_neverSetsAd_soEverythingIsInsecure() {
        DnsAnswer mx = new AdTrustingResolver(world.dns().honestResolver()).lookup(LabSenders.DESTINATION, Type.MX);

        assertThat(mx.security()).isEqualTo(Security.INSECURE);
        assertThat(target(mx)).hasToString("mx.destination.com.");
        assertThat(mx.records()).as("RRSIGs sent for DO=1 are not part of the RRset").hasSize(1);
    }

    @Test
    void trusting_missingName_isNxDomain_andMissingType_isNoData() {
        TrustingResolver dns = new TrustingResolver(world.dns().honestResolver());

        assertThat(dns.lookup(Name.fromConstantString("nowhere.destination.com."), Type.MX))
                .isInstanceOf(DnsAnswer.NxDomain.class).extracting(DnsAnswer::security).isEqualTo(Security.INSECURE);
        assertThat(dns.lookup(LabSenders.DESTINATION, Type.TXT)).isInstanceOf(DnsAnswer.NoData.class);
    }

    @Test
    void trusting_followsCnamesInTheAnswer_toTheRecords() throws Exception {
        Name alias = Name.fromConstantString("alias.destination.com.");
        Name middle = Name.fromConstantString("middle.destination.com.");
        Name target = Name.fromConstantString("mx.destination.com.");
        try (FakeDns fake = new FakeDns(reply -> {
            reply.addRecord(new CNAMERecord(alias, DClass.IN, 300, middle), Section.ANSWER);
            reply.addRecord(new CNAMERecord(middle, DClass.IN, 60, target), Section.ANSWER);
            reply.addRecord(new ARecord(target, DClass.IN, 600, InetAddress.getLoopbackAddress()), Section.ANSWER);
            return reply;
        })) {
            DnsAnswer a = new TrustingResolver(fake.address()).lookup(alias, Type.A);

            assertThat(a).isInstanceOfSatisfying(DnsAnswer.Records.class, r -> {
                assertThat(r.canonicalName()).isEqualTo(target);
                assertThat(r.records()).extracting(org.xbill.DNS.Record::getType)
                        .containsExactly(Type.CNAME, Type.CNAME, Type.A);
                assertThat(r.ttl()).isEqualTo(60);
                assertThat(r.security()).isEqualTo(Security.INSECURE);
            });
        }
    }

    @Test
    void adTrusting_servfail_isAFailure_neverNoRecords() throws Exception {
        try (FakeDns fake = new FakeDns(reply -> {
            reply.getHeader().setRcode(Rcode.SERVFAIL);
            reply.getHeader().setFlag(Flags.AD);
            return reply;
        })) {
            DnsAnswer mx = new AdTrustingResolver(fake.address()).lookup(LabSenders.DESTINATION, Type.MX);

            assertThat(mx).isInstanceOf(DnsAnswer.Failed.class);
            assertThat(mx.security()).isEqualTo(Security.INDETERMINATE);
            assertThat(mx.rcode()).isEqualTo(Rcode.SERVFAIL);
        }
    }

    @Test
    void trusting_silentServer_failsIndeterminate_afterTwoTries() throws Exception {
        try (DatagramSocket silent = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            DnsAnswer mx = new TrustingResolver((InetSocketAddress) silent.getLocalSocketAddress())
                    .lookup(LabSenders.DESTINATION, Type.MX);

            assertThat(mx).isInstanceOf(DnsAnswer.Failed.class);
            assertThat(mx.security()).isEqualTo(Security.INDETERMINATE);
            assertThat(mx.reason()).contains("2 tries");
        }
    }

    private static Name target(DnsAnswer mx) {
        assertThat(mx.records()).as(mx.reason()).isNotEmpty();
        return ((MXRecord) mx.records().stream().filter(MXRecord.class::isInstance).findFirst().orElseThrow())
                .getTarget();
    }

    /** FakeDns - a UDP server that answers every query with {@code answer} applied to a reply to it. */
    private static final class FakeDns implements AutoCloseable {
        private final DatagramSocket socket;
        private final Thread thread;

        FakeDns(UnaryOperator<Message> answer) throws SocketException {
            socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            thread = new Thread(() -> serve(answer), "fake-dns");
            thread.setDaemon(true);
            thread.start();
        }

        InetSocketAddress address() {
            return (InetSocketAddress) socket.getLocalSocketAddress();
        }

        private void serve(UnaryOperator<Message> answer) {
            byte[] buffer = new byte[4096];
            while (!socket.isClosed()) {
                try {
                    DatagramPacket in = new DatagramPacket(buffer, buffer.length);
                    socket.receive(in);
                    Message query = new Message(java.util.Arrays.copyOf(in.getData(), in.getLength()));
                    Message reply = new Message(query.getHeader().getID());
                    reply.getHeader().setFlag(Flags.QR);
                    reply.getHeader().setFlag(Flags.RA);
                    reply.addRecord(query.getQuestion(), Section.QUESTION);
                    byte[] out = answer.apply(reply).toWire();
                    socket.send(new DatagramPacket(out, out.length, in.getSocketAddress()));
                } catch (IOException e) {
                    return;
                }
            }
        }

        @Override
        public void close() throws InterruptedException {
            socket.close();
            thread.join(2000);
        }
    }
}
