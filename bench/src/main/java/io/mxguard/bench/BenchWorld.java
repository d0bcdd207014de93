package io.mxguard.bench;

import io.mxguard.crypto.CryptoSetup;
import io.mxguard.dns.HostAddresses;
import io.mxguard.dns.MxResult;
import io.mxguard.dns.ResolverOptions;
import io.mxguard.dns.Security;
import io.mxguard.dns.TlsaResult;
import io.mxguard.dns.TrustAnchors;
import io.mxguard.dns.Upstream;
import io.mxguard.dns.ValidatingSecureResolver;
import io.mxguard.lab.dns.LabAddresses;
import io.mxguard.lab.dns.LabZones;
import io.mxguard.lab.world.DnsWorld;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.xbill.DNS.Name;

/**
 * BenchWorld - the lab's signed DNS tree on loopback, extended for a full delivery resolution, and
 * the sanity ledger every benchmark reports into.
 *
 * <p>Beyond the seed (DESIGN §4), {@code mx.destination.com} gets an AAAA (a documentation address,
 * never dialled) and {@code _25._tcp.mx.destination.com} a TLSA 3 1 1, so MX, A, AAAA and TLSA are
 * all positive, signed answers. One world per JMH fork, shared by all threads.
 *
 * <p>Each operation calls {@link #expect} with whether it got a SECURE answer of the expected shape;
 * failures are counted (cheaply) and the trial fails at tear-down, so a broken setup cannot publish
 * fast garbage numbers.
 */
@State(Scope.Benchmark)
public class BenchWorld {

    /** The SMTP port naming the TLSA owner, {@code _25._tcp.mx.destination.com}. */
    static final int SMTP_PORT = 25;
    static final Name DESTINATION = LabZones.DESTINATION;

    DnsWorld world;
    TrustAnchors anchors;
    Upstream upstream;

    private final AtomicLong failures = new AtomicLong();
    private final AtomicReference<String> firstFailure = new AtomicReference<>();

    @Setup(Level.Trial)
    public void start() throws Exception {
        CryptoSetup.install(); // first: BouncyCastle, the common pool's size, quiet dnsjava logs
        LabZones zones = LabZones.seed(pickAddresses(), SMTP_PORT);
        zones.bobTlsa(3, 1, 1, sha256("mxguard bench: stands in for Bob's SPKI"));
        zones.zone(DESTINATION).aaaa("mx", InetAddress.getByName("2001:db8::25"));
        world = DnsWorld.start(zones, Clock.systemUTC());
        anchors = TrustAnchors.load(world.trustAnchorFile());
        InetSocketAddress server = world.honestResolver();
        upstream = new Upstream(server.getAddress().getHostAddress(), server.getPort());
    }

    @TearDown(Level.Trial)
    public void stop() {
        if (world != null) {
            world.close();
        }
        long n = failures.get();
        if (n > 0) {
            throw new IllegalStateException(n + " operations did not get the expected SECURE answers; first: "
                    + firstFailure.get());
        }
    }

    /** newResolver - our validating resolver over the lab server, from the lab anchor, with these options. */
    ValidatingSecureResolver newResolver(ResolverOptions options) throws IOException {
        return ValidatingSecureResolver.create(List.of(upstream), anchors, options, Clock.systemUTC());
    }

    /** expect - count a failed sanity check; returns ok so a benchmark can hand it to its Blackhole. */
    boolean expect(boolean ok, Object got) {
        if (!ok) {
            failures.incrementAndGet();
            firstFailure.compareAndSet(null, String.valueOf(got));
        }
        return ok;
    }

    /** secureMx - Bob's MX host, SECURE, or null. */
    static Name secureMx(MxResult mx) {
        if (mx instanceof MxResult.Hosts h && h.security() == Security.SECURE && !h.implicit()) {
            return h.hosts().get(0).host();
        }
        return null;
    }

    static boolean secureAddresses(HostAddresses a) {
        return a.security() == Security.SECURE && a.kind() == HostAddresses.Kind.FOUND
                && a.addresses().size() == 2;
    }

    static boolean secureTlsa(TlsaResult t) {
        return t instanceof TlsaResult.Found f && f.security() == Security.SECURE && !f.records().isEmpty();
    }

    long failures() {
        return failures.get();
    }

    private static LabAddresses pickAddresses() {
        // One address per actor where 127.0.10.x binds (Linux), else all on 127.0.0.1.
        LabAddresses spread = LabAddresses.loopback();
        try (DatagramSocket probe = new DatagramSocket(new InetSocketAddress(spread.nameServer(), 0))) {
            return spread;
        } catch (SocketException e) {
            return LabAddresses.single(InetAddress.getLoopbackAddress());
        }
    }

    private static byte[] sha256(String s) throws NoSuchAlgorithmException {
        return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    }
}
