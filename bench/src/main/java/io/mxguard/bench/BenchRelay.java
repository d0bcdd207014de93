package io.mxguard.bench;

import io.mxguard.crypto.CryptoSetup;
import io.mxguard.delivery.ConnectionCache;
import io.mxguard.delivery.DeliveryOptions;
import io.mxguard.delivery.OutboundDelivery;
import io.mxguard.dns.ResolverOptions;
import io.mxguard.dns.TrustAnchors;
import io.mxguard.dns.Upstream;
import io.mxguard.dns.ValidatingSecureResolver;
import io.mxguard.lab.LabFiles;
import io.mxguard.lab.peers.DaneSendingPostfix;
import io.mxguard.lab.peers.Postfix;
import io.mxguard.lab.peers.PrivateDns;
import io.mxguard.lab.peers.Unbound;
import io.mxguard.lab.smtp.ReceivedMessage;
import io.mxguard.lab.world.LabWorld;
import io.mxguard.policy.LocalPolicy;
import io.mxguard.policy.PolicyTable;
import io.mxguard.policy.TlsLevel;
import io.mxguard.queue.QueueConfig;
import io.mxguard.queue.QueueManager;
import io.mxguard.queue.QueueState;
import io.mxguard.queue.Spool;
import io.mxguard.smtp.client.ClientOptions;
import io.mxguard.smtp.client.SmtpClient;
import io.mxguard.smtp.client.SmtpOutcome;
import io.mxguard.smtp.client.SmtpSession;
import io.mxguard.smtp.client.Transaction;
import io.mxguard.smtp.server.ServerConfig;
import io.mxguard.smtp.server.SmtpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.regex.Pattern;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * BenchRelay - a whole relay in front of a {@link LabWorld}, one of four ({@code relay} parameter):
 *
 * <ul>
 *   <li>{@code mxguard} - wired as the lab's RelayPipeline is: a {@link SmtpServer} on 127.0.0.1:0 whose
 *       store is a {@link Spool} on a temp dir, and a started {@link QueueManager} delivering with
 *       {@link OutboundDelivery} (validating resolver at the world's honest resolver, level {@code dane},
 *       connection reuse on with the default limits), default {@link QueueConfig} (4 threads, 2 attempts
 *       at once per destination). {@code mxguard-no-reuse}: the same with {@link ConnectionCache#disabled()},
 *       a new TLS connection per delivery.</li>
 *   <li>{@code postfix-dane} - a private Postfix ({@link Postfix#startSendingWithDane}) that sends mail
 *       for destination.com to its MX hosts on the world's SMTP port with
 *       {@code smtp_tls_security_level = dane}, asking a private {@link Unbound} on 127.0.0.1:53 (stub
 *       zones at the world's honest server, the lab's trust anchor). Postfix reads only
 *       /etc/resolv.conf, so this target runs only inside the network namespace that
 *       {@code bench/relay-bench.sh} makes ({@link PrivateDns}); elsewhere the trial fails and says so.
 *       Postfix's defaults otherwise, so a new TLS connection per delivery; {@code postfix-dane-reuse}: with
 *       {@code smtp_tls_connection_reuse = yes} (through tlsproxy(8)).</li>
 * </ul>
 *
 * <p>A new world and relay each iteration (not timed), as in {@link DeliveryBench}: Bob's MX keeps every
 * command in copy-on-write lists. At tear-down every submitted message must be at Bob's over TLS and the
 * relay's queue empty (mxguard: the spool; Postfix: one {@code status=sent} per message, and every TLS
 * connection it logged "Verified", which with no CA configured only a TLSA match gives), or the trial fails.
 */
@State(Scope.Benchmark)
public class BenchRelay {
    static final String HELO = "relay.source.com";
    static final int BATCH = 20;
    private static final Duration DELIVERED_WITHIN = Duration.ofSeconds(30);
    private static final Pattern TLS_LINE = Pattern.compile("(\\w+) TLS connection established to ([^ ]+)");
    private static final Pattern SENT = Pattern.compile("status=sent");
    private static final Pattern DELAYS = Pattern.compile("delays=([0-9.]+/[0-9.]+/[0-9.]+/[0-9.]+),.*status=sent");

    /**
     * relay - whose relay: ours with connection reuse (the relay's default) or without, or a Postfix with DANE
     * behind a private unbound, stock (a new TLS connection per delivery) or with {@code smtp_tls_connection_reuse}.
     */
    @Param({"mxguard", "mxguard-no-reuse", "postfix-dane", "postfix-dane-reuse"})
    public String relay;

    /**
     * perDestination - mxguard's deliveries at once to destination.com ({@code queue.perDestination}; the
     * delivery threads are at least as many). Default 2, the relay's; Postfix ramps up to 20 on its own.
     */
    @Param({"2"})
    public int perDestination;

    LabWorld world;
    DaneSendingPostfix postfix;
    ValidatingSecureResolver resolver;
    ConnectionCache cache;
    Path spoolDir;
    Spool spool;
    QueueManager queue;
    SmtpServer smtp;
    InetSocketAddress submitTo;
    SmtpSession submission;
    final java.util.concurrent.atomic.AtomicLong submitted = new java.util.concurrent.atomic.AtomicLong();

    @Setup(Level.Iteration)
    public void start() throws Exception {
        CryptoSetup.install();
        world = LabWorld.start();
        submitTo = relay.startsWith("postfix") ? startPostfix() : startMxguard();
        submission = session();
        submitted.set(0);
    }

    /** session - a new submission session (EHLO'd) with the relay of this iteration. */
    SmtpSession session() {
        SmtpOutcome<SmtpSession> ready = new SmtpClient(ClientOptions.defaults().withAllTimeouts(Duration.ofSeconds(10)))
                .ready(submitTo, RelayBench.HELO, Optional.empty());
        if (!ready.isOk()) {
            throw new IllegalStateException("no session with the " + relay + " relay: " + ready.failure());
        }
        return ready.value();
    }

    private InetSocketAddress startPostfix() throws IOException {
        try {
            postfix = DaneSendingPostfix.start(world, world.dns().honestResolver(), relay.endsWith("-reuse"));
        } catch (IOException e) {
            throw new IllegalStateException("relay=" + relay + ": " + e.getMessage(), e);
        }
        return postfix.address();
    }

    private InetSocketAddress startMxguard() throws Exception {
        InetSocketAddress dns = world.dns().honestResolver();
        resolver = ValidatingSecureResolver.create(
                List.of(new Upstream(dns.getAddress().getHostAddress(), dns.getPort())),
                TrustAnchors.load(world.dns().trustAnchorFile()), ResolverOptions.defaults(), Clock.systemUTC());
        cache = relay.endsWith("no-reuse") ? ConnectionCache.disabled()
                : ConnectionCache.reusing(ConnectionCache.Limits.defaults());
        DeliveryOptions options = DeliveryOptions.defaults(HELO).withPort(world.smtpPort())
                .withClient(ClientOptions.defaults().withAllTimeouts(Duration.ofSeconds(10)))
                .withEndpoint(a -> world.smtpEndpoint(a.getAddress(), a.getPort()));
        OutboundDelivery delivery = new OutboundDelivery(resolver,
                new LocalPolicy(TlsLevel.DANE, TlsLevel.NONE, PolicyTable.empty()), options, new Random(), e -> { },
                cache);
        spoolDir = Files.createTempDirectory("mxguard-bench-relay-");
        spool = Spool.open(spoolDir, Clock.systemUTC());
        QueueConfig defaults = QueueConfig.defaults(HELO);
        QueueConfig scheduling = new QueueConfig(defaults.minBackoff(), defaults.maxBackoff(), defaults.maxLifetime(),
                defaults.delayWarning(), perDestination, Math.max(defaults.threads(), perDestination), HELO);
        queue = new QueueManager(spool, delivery::attempt, scheduling, Clock.systemUTC());
        queue.start();
        ServerConfig config = ServerConfig.defaults()
                .withListen(List.of(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0)))
                .withHostname(HELO).withReadTimeout(Duration.ofSeconds(10)).withShutdownGrace(Duration.ofSeconds(2));
        smtp = new SmtpServer(config, spool).start();
        return smtp.addresses().get(0);
    }

    /**
     * batch - submit {@link #BATCH} messages on the kept session (each 250 after fsync), then wait until
     * Bob's MX holds all of them; fails if one is refused or they are not all there in time.
     */
    void batch() throws InterruptedException {
        batch(submission);
    }

    /**
     * batch - the same on {@code session}; with several sessions at once, each waits until Bob holds every
     * message submitted by anyone so far.
     */
    void batch(SmtpSession session) throws InterruptedException {
        for (int i = 0; i < BATCH; i++) {
            SmtpOutcome<Transaction> sent = session.send(DeliveryBench.ENVELOPE, DeliveryBench.MESSAGE);
            if (!sent.isOk() || !RelayBench.Target.accepted(sent.value())) {
                throw new IllegalStateException("the relay did not accept a message: " + sent
                        + (postfix != null ? postfix.postfix().describe() : ""));
            }
            submitted.incrementAndGet();
        }
        long target = submitted.get();
        long deadline = System.nanoTime() + DELIVERED_WITHIN.toNanos();
        while (world.bobMx().messages().size() < target) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Bob's MX holds " + world.bobMx().messages().size() + " of "
                        + target + " after " + DELIVERED_WITHIN.toSeconds() + " s");
            }
            Thread.sleep(1);
        }
    }

    private long queued() throws IOException {
        if (postfix != null) {
            return submitted.get() - postfix.postfix().log().lines().filter(l -> SENT.matcher(l).find()).count();
        }
        int n = 0;
        for (QueueState s : List.of(QueueState.INCOMING, QueueState.ACTIVE, QueueState.DEFERRED)) {
            n += spool.list(s).size();
        }
        return n;
    }

    @TearDown(Level.Iteration)
    public void stop() throws IOException, InterruptedException {
        try {
            submission.quit();
            List<ReceivedMessage> got = world.bobMx().messages();
            long plain = got.stream().filter(m -> m.tls().isEmpty()).count();
            if (got.size() != submitted.get() || plain > 0) {
                throw new IllegalStateException("Bob's MX holds " + got.size() + " messages (" + plain
                        + " without TLS) for " + submitted + " submitted");
            }
            // The queue file is removed just after Bob's 250, so the spool may lag Bob's MX a little.
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (queued() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            if (queued() > 0) {
                throw new IllegalStateException(queued() + " messages still queued after delivery"
                        + (postfix != null ? postfix.postfix().describe() : ""));
            }
            if (postfix != null) {
                checkPostfixVerified();
            }
        } finally {
            close(smtp, queue, cache, resolver, postfix, world);
            smtp = null;
            postfix = null;
            if (spoolDir != null) {
                LabFiles.deleteTree(spoolDir);
            }
        }
    }

    // Every TLS connection Postfix made must say "Verified ... to mx.destination.com": DANE (no CA is configured).
    // smtp(8) logs it, and so does tlsproxy(8) when it holds the connection (reuse).
    private void checkPostfixVerified() {
        List<String> tls = postfix.postfix().log().lines().filter(l -> TLS_LINE.matcher(l).find()).toList();
        List<String> unverified = tls.stream().filter(l -> !l.contains("Verified TLS connection established to mx."
                + RelayBench.DOMAIN + "[")).toList();
        if (tls.isEmpty() || !unverified.isEmpty()) {
            throw new IllegalStateException("Postfix's TLS connections were not all DANE-verified: " + unverified
                    + postfix.postfix().describe());
        }
        // A delivery on a reused connection says conn_use=N (N > 1) in its status line.
        long connections = postfix.postfix().log().lines().filter(l -> SENT.matcher(l).find() && !l.contains("conn_use="))
                .count();
        System.out.println("\n" + relay + ": " + submitted.get() + " sent over " + connections + " DANE-verified TLS"
                + " connections; median delays=" + medianDelays() + " (before qmgr/in qmgr/connection setup/transmission, s)");
    }

    // Postfix's "delays=a/b/c/d" of every status=sent line, the median of each part.
    private String medianDelays() {
        List<double[]> all = postfix.postfix().log().lines().map(DELAYS::matcher).filter(java.util.regex.Matcher::find)
                .map(m -> java.util.Arrays.stream(m.group(1).split("/")).mapToDouble(Double::parseDouble).toArray())
                .toList();
        StringBuilder out = new StringBuilder();
        for (int part = 0; part < 4 && !all.isEmpty(); part++) {
            final int p = part;
            double[] sorted = all.stream().mapToDouble(d -> d[p]).sorted().toArray();
            out.append(part == 0 ? "" : "/").append(sorted[sorted.length / 2]);
        }
        return out.toString();
    }

    private static void close(AutoCloseable... all) {
        for (AutoCloseable c : all) {
            if (c != null) {
                try {
                    c.close();
                } catch (Exception e) {
                    System.err.println("closing " + c + ": " + e);
                }
            }
        }
    }
}
