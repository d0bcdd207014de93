package io.mxguard.bench;

import io.mxguard.lab.peers.Postfix;
import io.mxguard.lab.LabFiles;
import io.mxguard.queue.QueueState;
import io.mxguard.queue.Spool;
import io.mxguard.smtp.ReplyCode;
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
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * RelayBench - messages per second accepted (250 only after fsync) by mxguard's {@link SmtpServer} in front
 * of a {@link Spool}, delivery off, and by a private Postfix smtpd given the same load (see README).
 *
 * <p>One op: one ~2 KB message (the same as {@link DeliveryBench}) from alice@source.com to
 * bob@destination.com, submitted with our {@link SmtpClient} over plain SMTP on loopback: connect → EHLO →
 * MAIL/RCPT/DATA (pipelined) → QUIT per message, or one more transaction on a session the thread keeps for
 * the iteration. Every op must get 250 to the data; at tear-down the spool's {@code incoming} must hold one
 * file per op (mxguard), or the maildir one message per op (Postfix), or the trial fails.
 */
@BenchmarkMode({Mode.Throughput, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 4, time = 1500, timeUnit = TimeUnit.MILLISECONDS)
// One log line per message, as in production (Postfix writes its maillog too), but to a file, not the console.
@Fork(value = 1, jvmArgsAppend = "-Dorg.slf4j.simpleLogger.logFile=/tmp/mxguard-relaybench.log")
public class RelayBench {
    static final String HELO = "client.source.com";
    static final String DOMAIN = "destination.com";
    private static final Duration POSTFIX_DRAIN = Duration.ofSeconds(120);

    /**
     * Target - the accepting server: mxguard's SmtpServer on a fresh spool, or a fresh private Postfix that
     * delivers into its maildir while it accepts ({@code postfix}), or one that puts every message on hold
     * instead ({@code postfix-hold}): delivery off, as ours.
     */
    @State(Scope.Benchmark)
    public static class Target {
        @Param({"mxguard", "postfix", "postfix-hold"})
        public String server;

        Path spoolDir;
        Spool spool;
        SmtpServer smtp;
        Postfix postfix;
        Path holdDirectory;
        InetSocketAddress address;
        SmtpClient client;
        final DeliveryBench.Ledger ledger = new DeliveryBench.Ledger();

        @Setup(Level.Trial)
        public void start() throws IOException {
            InetAddress loopback = InetAddress.getByName("127.0.0.1");
            client = new SmtpClient(ClientOptions.defaults().withAllTimeouts(Duration.ofSeconds(10)));
            if (server.startsWith("postfix")) {
                Optional<String> why = Postfix.unavailableReason();
                if (why.isPresent()) {
                    throw new IllegalStateException(why.get());
                }
                postfix = Postfix.start(Path.of("/usr/sbin/postfix"), new InetSocketAddress(loopback, 0), null, DOMAIN);
                address = postfix.address();
                if (server.equals("postfix-hold")) {
                    holdDirectory = PostfixHold.enable(postfix);
                }
                return;
            }
            // No QueueManager: the server's store is the spool itself, so messages stay in incoming.
            spoolDir = Files.createTempDirectory("mxguard-bench-spool-");
            spool = Spool.open(spoolDir, Clock.systemUTC());
            ServerConfig config = ServerConfig.defaults()
                    .withListen(List.of(new InetSocketAddress(loopback, 0)))
                    .withHostname("relay.source.com").withReadTimeout(Duration.ofSeconds(10))
                    .withShutdownGrace(Duration.ofSeconds(2));
            smtp = new SmtpServer(config, spool).start();
            address = smtp.addresses().get(0);
        }

        /** perMessage - one op on a new connection: connect, EHLO, one transaction, QUIT. */
        boolean perMessage() {
            SmtpOutcome<SmtpClient.Delivered> sent = client.deliver(address, HELO, Optional.empty(),
                    DeliveryBench.ENVELOPE, DeliveryBench.MESSAGE);
            return ledger.count(sent.isOk() && accepted(sent.value().transaction()), sent);
        }

        /** onSession - one op as one more transaction on {@code session}. */
        boolean onSession(SmtpSession session) {
            SmtpOutcome<Transaction> sent = session.send(DeliveryBench.ENVELOPE, DeliveryBench.MESSAGE);
            return ledger.count(sent.isOk() && accepted(sent.value()), sent);
        }

        static boolean accepted(Transaction t) {
            return t.delivered().size() == 1 && t.dataReply().map(r -> r.code() == ReplyCode.OK).orElse(false);
        }

        @TearDown(Level.Trial)
        public void stop() throws IOException {
            try {
                if (ledger.failed.get() > 0) {
                    throw new IllegalStateException(ledger.failed.get() + " ops did not get 250; first: "
                            + ledger.first.get());
                }
                long stored = holdDirectory != null ? PostfixHold.count(holdDirectory)
                        : postfix != null ? postfix.awaitMessages(Math.toIntExact(ledger.ok.get()), POSTFIX_DRAIN).size()
                        : spool.list(QueueState.INCOMING).size();
                if (stored != ledger.ok.get()) {
                    throw new IllegalStateException(server + " stored " + stored + " messages for " + ledger.ok.get()
                            + " ops that got 250");
                }
                System.out.println("\n" + server + ": " + stored + " messages stored, one per 250");
            } finally {
                if (smtp != null) {
                    smtp.close();
                    LabFiles.deleteTree(spoolDir);
                }
                if (postfix != null) {
                    postfix.close();
                }
            }
        }
    }

    /** Session - one session per benchmark thread, EHLO'd, kept for an iteration; QUIT at its end. */
    @State(Scope.Thread)
    public static class Session {
        SmtpSession session;

        @Setup(Level.Iteration)
        public void open(Target target) {
            SmtpOutcome<SmtpSession> ready = target.client.ready(target.address, HELO, Optional.empty());
            if (!ready.isOk()) {
                throw new IllegalStateException("no session with " + target.server + ": " + ready.failure());
            }
            session = ready.value();
        }

        @TearDown(Level.Iteration)
        public void close() {
            session.quit();
        }
    }

    @Benchmark
    @Threads(1)
    public boolean acceptPerConnection(Target t) {
        return t.perMessage();
    }

    @Benchmark
    @Threads(4)
    public boolean acceptPerConnection_4threads(Target t) {
        return t.perMessage();
    }

    @Benchmark
    @Threads(1)
    public boolean acceptOnSession(Target t, Session s) {
        return t.onSession(s.session);
    }

    /** endToEnd - a batch submitted to the whole relay and delivered to Bob's MX over DANE-EE TLS; ops/s = msgs/s. */
    @Benchmark
    @Threads(1)
    @BenchmarkMode(Mode.Throughput)
    @OperationsPerInvocation(BenchRelay.BATCH)
    public void endToEnd(BenchRelay relay) throws InterruptedException {
        relay.batch();
    }

    /** Submitter - one more submission session per benchmark thread, for the iteration. */
    @State(Scope.Thread)
    public static class Submitter {
        SmtpSession session;

        @Setup(Level.Iteration)
        public void open(BenchRelay relay) {
            session = relay.session();
        }

        @TearDown(Level.Iteration)
        public void close() {
            session.quit();
        }
    }

    /** endToEnd_4sessions - the same load from 4 sessions at once (4 threads); ops/s = msgs/s in all. */
    @Benchmark
    @Threads(4)
    @BenchmarkMode(Mode.Throughput)
    @OperationsPerInvocation(BenchRelay.BATCH)
    public void endToEnd_4sessions(BenchRelay relay, Submitter submitter) throws InterruptedException {
        relay.batch(submitter.session);
    }
}
