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
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * BenchRelay - the whole relay in front of a {@link LabWorld}, wired as the lab's RelayPipeline is: a
 * {@link SmtpServer} on 127.0.0.1:0 whose store is a {@link Spool} on a temp dir, and a started
 * {@link QueueManager} delivering with {@link OutboundDelivery} (validating resolver at the world's honest
 * resolver, level {@code dane}, connection reuse on with the default limits), default {@link QueueConfig}
 * (4 threads, 2 attempts at once per destination).
 *
 * <p>A new world, spool and relay each iteration (not timed), as in {@link DeliveryBench}: Bob's MX keeps
 * every command in copy-on-write lists. At tear-down every submitted message must be at Bob's over TLS and
 * the spool empty, or the trial fails.
 */
@State(Scope.Benchmark)
public class BenchRelay {
    static final String HELO = "relay.source.com";
    static final int BATCH = 20;
    private static final Duration DELIVERED_WITHIN = Duration.ofSeconds(30);

    LabWorld world;
    ValidatingSecureResolver resolver;
    ConnectionCache cache;
    Path spoolDir;
    Spool spool;
    QueueManager queue;
    SmtpServer smtp;
    SmtpSession submission;
    long submitted;

    @Setup(Level.Iteration)
    public void start() throws Exception {
        CryptoSetup.install();
        world = LabWorld.start();
        InetSocketAddress dns = world.dns().honestResolver();
        resolver = ValidatingSecureResolver.create(
                List.of(new Upstream(dns.getAddress().getHostAddress(), dns.getPort())),
                TrustAnchors.load(world.dns().trustAnchorFile()), ResolverOptions.defaults(), Clock.systemUTC());
        cache = ConnectionCache.reusing(ConnectionCache.Limits.defaults());
        DeliveryOptions options = DeliveryOptions.defaults(HELO).withPort(world.smtpPort())
                .withClient(ClientOptions.defaults().withAllTimeouts(Duration.ofSeconds(10)))
                .withEndpoint(a -> world.smtpEndpoint(a.getAddress(), a.getPort()));
        OutboundDelivery delivery = new OutboundDelivery(resolver,
                new LocalPolicy(TlsLevel.DANE, TlsLevel.NONE, PolicyTable.empty()), options, new Random(), e -> { },
                cache);
        spoolDir = Files.createTempDirectory("mxguard-bench-relay-");
        spool = Spool.open(spoolDir, Clock.systemUTC());
        queue = new QueueManager(spool, delivery::attempt, QueueConfig.defaults(HELO), Clock.systemUTC());
        queue.start();
        ServerConfig config = ServerConfig.defaults()
                .withListen(List.of(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0)))
                .withHostname(HELO).withReadTimeout(Duration.ofSeconds(10)).withShutdownGrace(Duration.ofSeconds(2));
        smtp = new SmtpServer(config, spool).start();
        SmtpOutcome<SmtpSession> ready = new SmtpClient(ClientOptions.defaults().withAllTimeouts(Duration.ofSeconds(10)))
                .ready(smtp.addresses().get(0), RelayBench.HELO, Optional.empty());
        if (!ready.isOk()) {
            throw new IllegalStateException("no session with the relay: " + ready.failure());
        }
        submission = ready.value();
        submitted = 0;
    }

    /**
     * batch - submit {@link #BATCH} messages on the kept session (each 250 after fsync), then wait until
     * Bob's MX holds all of them; fails if one is refused or they are not all there in time.
     */
    void batch() throws InterruptedException {
        for (int i = 0; i < BATCH; i++) {
            SmtpOutcome<Transaction> sent = submission.send(DeliveryBench.ENVELOPE, DeliveryBench.MESSAGE);
            if (!sent.isOk() || !RelayBench.Target.accepted(sent.value())) {
                throw new IllegalStateException("the relay did not accept message " + (submitted + 1) + ": " + sent);
            }
            submitted++;
        }
        long deadline = System.nanoTime() + DELIVERED_WITHIN.toNanos();
        while (world.bobMx().messages().size() < submitted) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Bob's MX holds " + world.bobMx().messages().size() + " of "
                        + submitted + " after " + DELIVERED_WITHIN.toSeconds() + " s");
            }
            Thread.sleep(1);
        }
    }

    private int queued() throws IOException {
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
            if (got.size() != submitted || plain > 0) {
                throw new IllegalStateException("Bob's MX holds " + got.size() + " messages (" + plain
                        + " without TLS) for " + submitted + " submitted");
            }
            // The queue file is removed just after Bob's 250, so the spool may lag Bob's MX a little.
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (queued() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            if (queued() > 0) {
                throw new IllegalStateException(queued() + " messages still in the spool after delivery");
            }
        } finally {
            smtp.close();
            queue.close();
            cache.close();
            resolver.close();
            world.close();
            LabFiles.deleteTree(spoolDir);
        }
    }
}
