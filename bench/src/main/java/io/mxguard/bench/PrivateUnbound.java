package io.mxguard.bench;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * PrivateUnbound - a private {@code unbound} process validating the lab world: the reference peer.
 *
 * <p>It listens on 127.0.0.1 at a free port, trusts only the lab anchor, and reaches every lab zone
 * through a {@code stub-zone} pointing at the lab server's address and port (root hints cannot carry
 * a port). Remote control listens on a Unix socket without certificates so that {@link #flushAll()}
 * can empty its caches between "cold" operations without forking {@code unbound-control}.
 * {@code close()} stops the process and deletes its directory. Not thread-safe for start/close.
 */
final class PrivateUnbound implements AutoCloseable {

    static final Path BINARY = Path.of("/usr/sbin/unbound");

    private final Process process;
    private final Path dir;
    private final InetSocketAddress address;

    private PrivateUnbound(Process process, Path dir, InetSocketAddress address) {
        this.process = process;
        this.dir = dir;
        this.address = address;
    }

    /**
     * start - run unbound for these zones, all served at {@code server}, trusting {@code anchorFile}.
     * {@code threads} is unbound's num-threads.
     */
    static PrivateUnbound start(List<Name> zones, InetSocketAddress server, Path anchorFile, int threads)
            throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("mxguard-bench-unbound-");
        InetSocketAddress listen = new InetSocketAddress(InetAddress.getLoopbackAddress(), freeUdpPort());
        Path conf = dir.resolve("unbound.conf");
        Files.writeString(conf, config(dir, listen, zones, server, anchorFile, threads));
        Process p = new ProcessBuilder(BINARY.toString(), "-d", "-c", conf.toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("unbound.out").toFile())
                .start();
        PrivateUnbound unbound = new PrivateUnbound(p, dir, listen);
        try {
            unbound.awaitReady(Duration.ofSeconds(10));
        } catch (IOException | RuntimeException e) {
            unbound.close();
            throw e;
        }
        return unbound;
    }

    static String config(Path dir, InetSocketAddress listen, List<Name> zones, InetSocketAddress server,
                         Path anchorFile, int threads) {
        StringBuilder b = new StringBuilder();
        b.append("server:\n")
                .append("  username: \"\"\n")
                .append("  chroot: \"\"\n")
                .append("  directory: \"").append(dir).append("\"\n")
                .append("  pidfile: \"").append(dir.resolve("unbound.pid")).append("\"\n")
                .append("  use-syslog: no\n")
                .append("  logfile: \"\"\n")
                .append("  verbosity: 0\n")
                .append("  interface: ").append(hostPort(listen)).append("\n")
                .append("  port: ").append(listen.getPort()).append("\n")
                .append("  interface-automatic: no\n")
                .append("  do-ip6: no\n")
                .append("  outgoing-interface: ").append(server.getAddress().getHostAddress()).append("\n")
                .append("  access-control: 127.0.0.0/8 allow\n")
                .append("  num-threads: ").append(threads).append("\n")
                .append("  do-not-query-localhost: no\n")
                .append("  module-config: \"validator iterator\"\n")
                .append("  trust-anchor-file: \"").append(anchorFile).append("\"\n")
                .append("  trust-anchor-signaling: no\n")
                .append("  root-key-sentinel: no\n")
                // As lab.peers.Unbound (the interop tests' peer): unbound's defaults, hardened, minimising.
                .append("  harden-glue: yes\n")
                .append("  harden-dnssec-stripped: yes\n")
                .append("  harden-below-nxdomain: yes\n")
                .append("  harden-algo-downgrade: yes\n")
                .append("  qname-minimisation: yes\n")
                .append("  aggressive-nsec: yes\n")
                .append("  prefetch: no\n")
                .append("  val-log-level: 1\n");
        b.append("remote-control:\n")
                .append("  control-enable: yes\n")
                .append("  control-interface: \"").append(controlSocket(dir)).append("\"\n")
                .append("  control-use-cert: no\n");
        for (Name zone : zones) {
            b.append("stub-zone:\n")
                    .append("  name: \"").append(zone).append("\"\n")
                    .append("  stub-addr: ").append(hostPort(server)).append("\n")
                    .append("  stub-prime: no\n");
        }
        return b.toString();
    }

    private static String hostPort(InetSocketAddress a) {
        return a.getAddress().getHostAddress() + "@" + a.getPort();
    }

    private static Path controlSocket(Path dir) {
        return dir.resolve("control.sock");
    }

    /** address - where unbound answers DNS (UDP and TCP). */
    InetSocketAddress address() {
        return address;
    }

    /** flushAll - empties the rrset, message and key caches ({@code flush_zone .}); the infra cache stays. */
    void flushAll() throws IOException {
        String reply = control("flush_zone .");
        if (!reply.startsWith("ok")) {
            throw new IOException("unbound flush_zone failed: " + reply.strip());
        }
    }

    /** control - one remote-control command over the Unix socket (unbound-control's wire form), its reply. */
    String control(String command) throws IOException {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(controlSocket(dir)));
            ch.write(ByteBuffer.wrap(("UBCT1 " + command + "\n").getBytes(StandardCharsets.US_ASCII)));
            ByteBuffer buf = ByteBuffer.allocate(4096);
            StringBuilder out = new StringBuilder();
            while (ch.read(buf) >= 0) {
                buf.flip();
                out.append(StandardCharsets.US_ASCII.decode(buf));
                buf.clear();
            }
            return out.toString();
        }
    }

    private void awaitReady(Duration limit) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        SimpleResolver probe = new SimpleResolver(address);
        probe.setTimeout(Duration.ofMillis(200));
        // version.server CH TXT is answered by unbound itself and leaves the IN caches empty.
        Message q = Message.newQuery(Record.newRecord(Name.fromConstantString("version.server."), Type.TXT, DClass.CH));
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("unbound exited " + process.exitValue() + ": " + log());
            }
            try {
                if (probe.send(q).getRcode() == Rcode.NOERROR && control("status").contains("is running")) {
                    return;
                }
            } catch (IOException e) {
                Thread.sleep(50);
            }
        }
        throw new IOException("unbound did not answer within " + limit + ": " + log());
    }

    /** log - what unbound printed (its log goes to stderr with -d). */
    String log() {
        try {
            return Files.readString(dir.resolve("unbound.out"));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    private static int freeUdpPort() throws IOException {
        // XXX: the port could be taken between close and unbound's bind; start() then fails loudly.
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            List<Path> paths = new ArrayList<>(walk.sorted(Comparator.reverseOrder()).toList());
            for (Path p : paths) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // XXX: a leftover temp directory is harmless; never let cleanup hide the benchmark's outcome.
        }
    }
}
