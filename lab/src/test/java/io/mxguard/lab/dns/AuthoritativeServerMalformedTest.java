package io.mxguard.lab.dns;

import static io.mxguard.lab.dns.TestWorld.WORLD;
import static io.mxguard.lab.dns.TestWorld.name;
import static io.mxguard.lab.dns.TestWorld.query;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

class AuthoritativeServerMalformedTest {
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

    /** Case - a packet and the rcode it must get back, or empty for silence. */
    record Case(String name, byte[] packet, Optional<Integer> rcode) {}

    @Test
    void malformedPackets_getAnErrorOrSilence_andTheServerKeepsAnswering() throws Exception {
        byte[] good = goodQuery();
        List<Case> cases = List.of(
                new Case("empty datagram", new byte[0], Optional.empty()),
                new Case("truncated header", Arrays.copyOf(good, 5), Optional.empty()),
                new Case("header without its question", Arrays.copyOf(good, 12), Optional.of(Rcode.FORMERR)),
                new Case("question cut short", Arrays.copyOf(good, 20), Optional.of(Rcode.FORMERR)),
                new Case("compression loop", compressionLoop(good), Optional.of(Rcode.FORMERR)),
                new Case("QDCOUNT=2", withByte(good, 5, 2), Optional.of(Rcode.FORMERR)),
                new Case("QDCOUNT=0", withByte(good, 5, 0), Optional.of(Rcode.FORMERR)),
                new Case("a response (QR=1)", withByte(good, 2, good[2] | 0x80), Optional.empty()),
                new Case("opcode UPDATE", withByte(good, 2, (good[2] & 0x87) | (5 << 3)), Optional.of(Rcode.NOTIMP)),
                new Case("opcode STATUS", withByte(good, 2, (good[2] & 0x87) | (2 << 3)), Optional.of(Rcode.NOTIMP)),
                new Case("class CH", chaosQuery(), Optional.of(Rcode.REFUSED)),
                new Case("AXFR", packet("destination.com.", Type.AXFR, DClass.IN), Optional.of(Rcode.REFUSED)),
                new Case("60 KB of garbage", garbage(60_000, 1), Optional.of(Rcode.FORMERR)));
        try (DatagramSocket socket = new DatagramSocket()) {
            for (Case c : cases) {
                Optional<byte[]> reply = exchange(socket, c.packet());
                assertThat(reply.map(AuthoritativeServerMalformedTest::rcode)).as(c.name()).isEqualTo(c.rcode());
                reply.ifPresent(r -> assertThat(Arrays.copyOf(r, 2)).as(c.name() + ": ID echoed")
                        .isEqualTo(Arrays.copyOf(c.packet(), 2)));
            }
        }
        assertAnswersAGoodQuery();
        assertThat(EVENTS).anySatisfy(e -> assertThat(e.outcome()).isEqualTo(DnsQueryEvent.Outcome.DROPPED));
        assertThat(EVENTS).anySatisfy(e -> assertThat(e.outcome()).isEqualTo(DnsQueryEvent.Outcome.REJECTED));
    }

    @Test
    void randomBytes_neverStopTheServer() throws Exception {
        Random random = new Random(20240613);
        int before = EVENTS.size();
        try (DatagramSocket socket = new DatagramSocket()) {
            byte[] good = goodQuery();
            for (int i = 0; i < 400; i++) {
                byte[] packet = i % 2 == 0 ? garbage(random.nextInt(600), random.nextLong()) : mutate(good, random);
                socket.send(new DatagramPacket(packet, packet.length, server.address()));
            }
        }
        // wait until the server has gone quiet (the kernel may have shed some of the burst)
        int seen = -1;
        while (EVENTS.size() != seen) {
            seen = EVENTS.size();
            Thread.sleep(150);
        }
        assertThat(EVENTS.size() - before).isPositive();
        assertAnswersAGoodQuery();
    }

    @Test
    void tcp_garbageFrames_closeOrAnswer_andManyQueriesShareAConnection() throws Exception {
        try (Socket socket = new Socket(server.address().getAddress(), server.address().getPort())) {
            socket.setSoTimeout(2000);
            OutputStream out = socket.getOutputStream();
            DataInputStream in = new DataInputStream(socket.getInputStream());
            for (int i = 0; i < 3; i++) {
                frame(out, goodQuery());
                byte[] reply = new byte[in.readUnsignedShort()];
                in.readFully(reply);
                assertThat(new Message(reply).getRcode()).isEqualTo(Rcode.NOERROR);
            }
            frame(out, Arrays.copyOf(goodQuery(), 12));
            byte[] reply = new byte[in.readUnsignedShort()];
            in.readFully(reply);
            assertThat(rcode(reply)).isEqualTo(Rcode.FORMERR);
        }
        try (Socket socket = new Socket(server.address().getAddress(), server.address().getPort())) {
            socket.setSoTimeout(2000);
            byte[] junk = garbage(70_000, 7);
            junk[0] = (byte) 0xFF; // a frame length of 65 KB: more than any query may be
            junk[1] = (byte) 0xFF;
            try {
                socket.getOutputStream().write(junk);
            } catch (IOException closedUnderUs) {
                // the server may close before we finish writing; that is the point
            }
            assertThat(socket.getInputStream().read()).isEqualTo(-1);
        } catch (IOException reset) {
            // reset by peer: also closed
        }
        assertAnswersAGoodQuery();
    }

    @Test
    void tcp_idleConnection_isClosed() throws Exception {
        DnsServerConfig quick = DnsServerConfig.loopback().withTcpIdleTimeout(java.time.Duration.ofMillis(200));
        try (AuthoritativeServer s = new AuthoritativeServer(quick, WORLD.zones, e -> {}).start();
                Socket socket = new Socket(s.address().getAddress(), s.address().getPort())) {
            socket.setSoTimeout(3000);
            assertThat(socket.getInputStream().read()).isEqualTo(-1);
        }
    }

    private static void assertAnswersAGoodQuery() throws Exception {
        assertThat(EVENTS).noneMatch(e -> e.actions().stream().anyMatch(a -> a.startsWith("internal error")));
        assertThat(query(server.address(), "mx.destination.com.", Type.A, true).getRcode()).isEqualTo(Rcode.NOERROR);
    }

    private static Optional<byte[]> exchange(DatagramSocket socket, byte[] packet) throws IOException {
        socket.send(new DatagramPacket(packet, packet.length, server.address()));
        socket.setSoTimeout(250);
        byte[] buffer = new byte[65535];
        DatagramPacket reply = new DatagramPacket(buffer, buffer.length);
        try {
            socket.receive(reply);
            return Optional.of(Arrays.copyOf(reply.getData(), reply.getLength()));
        } catch (SocketTimeoutException silence) {
            return Optional.empty();
        }
    }

    private static int rcode(byte[] reply) {
        return reply[3] & 0x0F;
    }

    private static byte[] goodQuery() {
        return packet("mx.destination.com.", Type.A, DClass.IN);
    }

    private static byte[] packet(String qname, int type, int dclass) {
        return Message.newQuery(Record.newRecord(name(qname), type, dclass)).toWire();
    }

    private static byte[] chaosQuery() {
        return packet("version.bind.", Type.TXT, DClass.CH);
    }

    /** compressionLoop - the question name is a pointer to itself (offset 12). */
    private static byte[] compressionLoop(byte[] good) {
        byte[] p = Arrays.copyOf(good, 12 + 2 + 4);
        p[12] = (byte) 0xC0;
        p[13] = 12;
        p[15] = 1; // type A
        p[17] = 1; // class IN
        return p;
    }

    private static byte[] withByte(byte[] packet, int index, int value) {
        byte[] p = packet.clone();
        p[index] = (byte) value;
        return p;
    }

    private static byte[] garbage(int length, long seed) {
        byte[] p = new byte[length];
        new Random(seed).nextBytes(p);
        if (length > 3) {
            p[2] = 0; // a query header (QR=0, QUERY) so the server reads past it
        }
        return p;
    }

    private static byte[] mutate(byte[] good, Random random) {
        byte[] p = good.clone();
        for (int i = 0; i < 1 + random.nextInt(4); i++) {
            p[random.nextInt(p.length)] = (byte) random.nextInt(256);
        }
        return random.nextBoolean() ? p : Arrays.copyOf(p, random.nextInt(p.length + 1));
    }

    private static void frame(OutputStream out, byte[] message) throws IOException {
        out.write(message.length >>> 8);
        out.write(message.length & 0xFF);
        out.write(message);
        out.flush();
    }
}
