package io.mxguard.lab.peers;

import io.mxguard.lab.LabFiles;
import io.mxguard.lab.world.DnsWorld;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * Unbound - a private unbound (NLnet Labs' validating resolver) for a running {@link DnsWorld}:
 * {@code unbound -d -c CONF} as a child process, listening on a loopback address and a free port
 * (or the fixed address of {@link Options#listen()}).
 *
 * <p>Its view of the DNS is the lab and nothing else: root hints cannot carry a port, so every
 * zone of the lab tree ({@code .}, {@code com.}, …, {@code unsigned.com.}) is a {@code stub-zone}
 * at the world's honest server, and outgoing queries leave from the loopback address it listens
 * on. Its only trust anchor is the lab root's; {@code domain-insecure} is never used, so the
 * unsigned zone is insecure only by the signed proof that it has no DS.
 *
 * <p>Remote control listens on a Unix socket inside that private directory (owner-only, so
 * {@code control-use-cert: no} is safe): {@link #control(String)} speaks {@code unbound-control}'s
 * wire form to it, and {@link #flush()} empties the caches ({@code flush_zone .}) so that the next
 * question is resolved from the world again - the only real "cold" unbound.
 *
 * <p>{@link #start()} writes the configuration into a temporary directory of its own, checks it
 * with {@code unbound-checkconf} when that program sits beside the binary, starts the process and
 * waits (bounded) until it answers a query. unbound's own log (stderr, with {@code val-log-level:
 * 2}, so a bogus answer says why) is kept in {@link #log()} for assertion messages. {@link
 * #close()} stops the process and deletes the directory; it may be called twice. Not thread-safe
 * while starting or closing; {@link #address()} may be read from any thread once started.
 */
public final class Unbound implements AutoCloseable {

    /**
     * How unbound caches. DEFAULT is its normal cache. MAX_TTL_ZERO sets {@code cache-max-ttl: 0}
     * (and the negative and bogus TTLs): this is NOT an empty cache - unbound keeps serving a TTL-0
     * entry until its clock's second turns, so back-to-back repeats are answered from cache
     * (measured by the bench). For a cold cache, call {@link #flush()}.
     */
    public enum Cache { DEFAULT, MAX_TTL_ZERO }

    /**
     * Options - how the private unbound runs.
     *
     * @param cache DEFAULT (unbound's defaults) or MAX_TTL_ZERO (see {@link Cache}: not cold)
     * @param verbosity unbound's {@code verbosity} (0-5); 1 logs operational information
     * @param threads unbound's {@code num-threads}
     * @param startTimeout how long {@link #start()} waits for the first answer
     * @param listen where to answer: a loopback address and fixed port (e.g. 127.0.0.1:53 in a network
     *               namespace of its own, for programs that only read resolv.conf); null: the world's
     *               resolver address and a free port
     */
    public record Options(Cache cache, int verbosity, int threads, Duration startTimeout, InetSocketAddress listen) {
        public Options {
            Objects.requireNonNull(cache, "cache");
            Objects.requireNonNull(startTimeout, "startTimeout");
            if (verbosity < 0 || verbosity > 5 || threads < 1 || threads > 64) {
                throw new IllegalArgumentException("verbosity 0-5 and threads 1-64, not " + verbosity + ", " + threads);
            }
            if (listen != null && (listen.isUnresolved() || !listen.getAddress().isLoopbackAddress()
                    || listen.getPort() == 0)) {
                throw new IllegalArgumentException("unbound listens on a loopback address and fixed port only, not "
                        + listen);
            }
        }

        /** defaults - unbound's own cache, verbosity 1, one thread, 10 s to start, a free port. */
        public static Options defaults() {
            return new Options(Cache.DEFAULT, 1, 1, Duration.ofSeconds(10), null);
        }

        public Options withCache(Cache other) {
            return new Options(other, verbosity, threads, startTimeout, listen);
        }

        public Options withVerbosity(int level) {
            return new Options(cache, level, threads, startTimeout, listen);
        }

        public Options withThreads(int n) {
            return new Options(cache, verbosity, n, startTimeout, listen);
        }

        public Options withListen(InetSocketAddress at) {
            return new Options(cache, verbosity, threads, startTimeout, at);
        }
    }

    private static final int START_ATTEMPTS = 3;
    private static final Duration POLL_TIMEOUT = Duration.ofMillis(200);
    private static final Duration POLL_PAUSE = Duration.ofMillis(20);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration CONTROL_TIMEOUT = Duration.ofSeconds(5);
    // sockaddr_un.sun_path is 108 bytes on Linux, 104 on the BSDs.
    private static final int MAX_SOCKET_PATH = 100;

    private final Path binary;
    private final Options options;
    private final InetSocketAddress authority;
    private final List<Name> zones;
    private final Path trustAnchorFile;
    private final InetAddress listen;
    private Path dir;
    private volatile Process process;
    private Thread reaper;
    private InetSocketAddress address;
    private String finalLog = "";

    /** Unbound - for this world with {@link Options#defaults()}; {@code binary} is the unbound program. */
    public Unbound(Path binary, DnsWorld world) {
        this(binary, world, Options.defaults());
    }

    public Unbound(Path binary, DnsWorld world, Options options) {
        this(binary, world, world.honestResolver(), options);
    }

    /**
     * Unbound - with every stub zone at {@code authority} instead of the honest server, e.g. the
     * world's {@link DnsWorld#hijackingResolver()}: an attacker who answers for the authorities.
     */
    public Unbound(Path binary, DnsWorld world, InetSocketAddress authority, Options options) {
        this.binary = Objects.requireNonNull(binary, "binary");
        this.options = Objects.requireNonNull(options, "options");
        this.authority = Objects.requireNonNull(authority, "authority");
        this.zones = world.zones().zones();
        this.trustAnchorFile = world.trustAnchorFile();
        this.listen = options.listen() != null ? options.listen().getAddress() : world.honestResolver().getAddress();
    }

    /** start - configure, check, launch and wait until it answers; IOException with unbound's words if not. */
    public Unbound start() throws IOException {
        if (process != null) {
            throw new IllegalStateException("already started");
        }
        dir = Files.createTempDirectory("mxguard-unbound-");
        try {
            if (controlSocket().toString().length() > MAX_SOCKET_PATH) {
                throw new IOException("the control socket path " + controlSocket() + " is too long for a Unix "
                        + "socket; set java.io.tmpdir to a shorter directory");
            }
            boolean ourPort = options.listen() == null;
            for (int attempt = 1; ; attempt++) {
                int port = ourPort ? freePort(listen) : options.listen().getPort();
                Files.writeString(configFile(), config(port), StandardCharsets.US_ASCII);
                if (attempt == 1) {
                    checkConfig();
                }
                if (launch(port)) {
                    return this;
                }
                // The free port was taken between our probe and unbound's bind: try another one.
                if (!ourPort || attempt == START_ATTEMPTS || !log().contains("could not open")) {
                    throw new IOException("unbound exited with status " + process.exitValue() + " before answering"
                            + describe());
                }
            }
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    private boolean launch(int port) throws IOException {
        Path logFile = dir.resolve("unbound.log");
        process = new ProcessBuilder(binary.toString(), "-d", "-c", configFile().toString())
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(logFile.toFile())
                .start();
        if (reaper == null) {
            // A JVM that exits without close() (a killed test fork, Ctrl-C on --serve) must not leave unbound behind.
            reaper = new Thread(() -> {
                Process running = process;
                if (running != null) {
                    running.destroyForcibly();
                }
            }, "unbound-reaper");
            Runtime.getRuntime().addShutdownHook(reaper);
        }
        InetSocketAddress candidate = new InetSocketAddress(listen, port);
        long deadline = System.nanoTime() + options.startTimeout().toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                return false;
            }
            if (answers(candidate) && controlAnswers()) {
                address = candidate;
                return true;
            }
            pause(POLL_PAUSE);
        }
        throw new IOException("unbound did not answer on " + candidate + " within " + options.startTimeout().toMillis()
                + " ms" + describe());
    }

    private static void pause(Duration d) throws IOException {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for unbound", e);
        }
    }

    // A CHAOS id.server query is answered by unbound itself: it proves the listener without touching the world.
    private static boolean answers(InetSocketAddress server) {
        try {
            SimpleResolver probe = new SimpleResolver(server);
            probe.setTimeout(POLL_TIMEOUT);
            probe.send(Message.newQuery(org.xbill.DNS.Record.newRecord(Name.fromConstantString("id.server."),
                    Type.TXT, DClass.CH)));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private boolean controlAnswers() {
        try {
            return control("status").contains("is running");
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * flush - empty the message, rrset and key caches ({@code flush_zone .}), so the next question is
     * resolved from the world again; the infrastructure cache (server RTT and EDNS) stays.
     */
    public void flush() throws IOException {
        String reply = control("flush_zone .");
        if (!reply.startsWith("ok")) {
            throw new IOException("unbound refused flush_zone: " + reply.strip() + describe());
        }
    }

    /**
     * control - one remote-control command and unbound's whole reply, as {@code unbound-control -c
     * CONF COMMAND} would print it; IOException if unbound does not answer within 5 s.
     */
    public String control(String command) throws IOException {
        if (dir == null || process == null) {
            throw new IllegalStateException("not started");
        }
        return UnboundControl.send(controlSocket(), command, CONTROL_TIMEOUT);
    }

    private Path controlSocket() {
        return dir.resolve("control.sock");
    }

    private void checkConfig() throws IOException {
        Path checker = binary.resolveSibling("unbound-checkconf");
        if (!Files.isExecutable(checker)) {
            return;
        }
        Process check = new ProcessBuilder(checker.toString(), configFile().toString())
                .redirectErrorStream(true).start();
        try {
            if (!check.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                check.destroyForcibly();
                throw new IOException(checker + " did not finish");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            check.destroyForcibly();
            throw new IOException("interrupted while checking the unbound configuration", e);
        }
        String said = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (check.exitValue() != 0) {
            throw new IOException("unbound-checkconf rejects our configuration: " + said.strip()
                    + "\n--- " + configFile() + " ---\n" + Files.readString(configFile()));
        }
    }

    /** config - the unbound.conf text for a listener on {@code port}. */
    String config(int port) {
        String ip = listen.getHostAddress();
        String authorityAt = authority.getAddress().getHostAddress() + "@" + authority.getPort();
        boolean v6 = listen instanceof Inet6Address || authority.getAddress() instanceof Inet6Address;
        List<String> lines = new ArrayList<>(List.of(
                "server:",
                "  interface: " + ip + "@" + port,
                "  port: " + port,
                "  interface-automatic: no",
                "  do-ip4: yes",
                "  do-ip6: " + yesNo(v6),
                "  do-udp: yes",
                "  do-tcp: yes",
                // Outgoing queries leave from loopback: nothing can reach the outside even by mistake.
                "  outgoing-interface: " + ip,
                "  access-control: 127.0.0.0/8 allow",
                "  access-control: ::1 allow",
                "  username: \"\"",
                "  chroot: \"\"",
                "  directory: \"" + dir + "\"",
                "  pidfile: \"" + dir.resolve("unbound.pid") + "\"",
                "  logfile: \"\"",
                "  use-syslog: no",
                "  log-time-ascii: yes",
                "  verbosity: " + options.verbosity(),
                "  num-threads: " + options.threads(),
                "  so-reuseport: no",
                // Our servers live on 127.x; unbound refuses to query localhost unless told.
                "  do-not-query-localhost: no",
                "  module-config: \"validator iterator\"",
                "  trust-anchor-file: \"" + trustAnchorFile + "\"",
                // No RFC 8145 key-tag queries or root sentinel tricks: the lab root is not the IANA one.
                "  trust-anchor-signaling: no",
                "  root-key-sentinel: no",
                "  val-log-level: 2",
                "  val-permissive-mode: no",
                "  harden-glue: yes",
                "  harden-dnssec-stripped: yes",
                "  harden-below-nxdomain: yes",
                "  harden-algo-downgrade: yes",
                "  qname-minimisation: yes",
                "  aggressive-nsec: yes",
                "  hide-identity: no"));
        if (options.cache() == Cache.MAX_TTL_ZERO) {
            lines.addAll(List.of(
                    "  cache-max-ttl: 0",
                    "  cache-max-negative-ttl: 0",
                    "  val-bogus-ttl: 0",
                    "  prefetch: no",
                    "  prefetch-key: no",
                    "  serve-expired: no"));
        }
        // A Unix socket in our owner-only directory: its file permissions are the access control.
        lines.addAll(List.of("remote-control:", "  control-enable: yes",
                "  control-interface: \"" + controlSocket() + "\"", "  control-use-cert: no"));
        for (Name zone : zones) {
            // stub-prime: no - the stub address is the whole truth; never chase the NS names at port 53.
            lines.addAll(List.of("stub-zone:", "  name: \"" + zone + "\"", "  stub-addr: " + authorityAt,
                    "  stub-prime: no"));
        }
        return String.join("\n", lines) + "\n";
    }

    private static String yesNo(boolean b) {
        return b ? "yes" : "no";
    }

    /** address - where unbound answers (UDP and TCP). */
    public InetSocketAddress address() {
        if (address == null) {
            throw new IllegalStateException("not started");
        }
        return address;
    }

    /** configFile - the configuration unbound runs with (gone after close). */
    public Path configFile() {
        return dir.resolve("unbound.conf");
    }

    /** log - what unbound has written so far (stdout and stderr); kept after close. */
    public String log() {
        if (dir != null) {
            Path logFile = dir.resolve("unbound.log");
            try {
                if (Files.exists(logFile)) {
                    return Files.readString(logFile, StandardCharsets.UTF_8);
                }
            } catch (IOException e) {
                return finalLog + "\n(log unreadable: " + e.getMessage() + ")";
            }
        }
        return finalLog;
    }

    /** describe - unbound's log and configuration, for exception and assertion messages. */
    public String describe() {
        String conf;
        try {
            conf = dir != null && Files.exists(configFile()) ? Files.readString(configFile()) : "(none)";
        } catch (IOException e) {
            conf = "(unreadable: " + e.getMessage() + ")";
        }
        return "\n--- unbound log ---\n" + log() + "--- unbound.conf ---\n" + conf;
    }

    @Override
    public void close() {
        if (process != null) {
            process.destroy();
            try {
                if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly().waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
            process = null;
        }
        if (reaper != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(reaper);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs anyway; harmless
            }
            reaper = null;
        }
        if (dir != null) {
            finalLog = log();
            LabFiles.deleteTree(dir);
            dir = null;
        }
    }

    // A port free for both UDP and TCP at the moment we look; unbound binds both.
    private static int freePort(InetAddress address) throws IOException {
        for (int i = 0; i < 20; i++) {
            try (DatagramSocket udp = new DatagramSocket(new InetSocketAddress(address, 0))) {
                int port = udp.getLocalPort();
                try (ServerSocket tcp = new ServerSocket()) {
                    tcp.bind(new InetSocketAddress(address, port));
                    return port;
                } catch (IOException taken) {
                    // TCP side in use: try another
                }
            }
        }
        throw new IOException("no port free for both UDP and TCP on " + address.getHostAddress());
    }


    @Override
    public String toString() {
        return "Unbound[" + (address == null ? "not started" : address) + ", " + options.cache() + " cache]";
    }
}
