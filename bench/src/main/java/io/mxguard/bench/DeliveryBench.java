package io.mxguard.bench;

import io.mxguard.crypto.CryptoSetup;
import io.mxguard.delivery.ConnectionCache;
import io.mxguard.delivery.DeliveryOptions;
import io.mxguard.delivery.DeliveryReport;
import io.mxguard.delivery.OutboundDelivery;
import io.mxguard.delivery.RecipientOutcome;
import io.mxguard.dns.ResolverOptions;
import io.mxguard.dns.TrustAnchors;
import io.mxguard.dns.Upstream;
import io.mxguard.dns.ValidatingSecureResolver;
import io.mxguard.lab.smtp.ReceivedMessage;
import io.mxguard.lab.world.LabWorld;
import io.mxguard.pki.Certificates;
import io.mxguard.policy.Assurance;
import io.mxguard.policy.LocalPolicy;
import io.mxguard.policy.PolicyTable;
import io.mxguard.policy.TlsLevel;
import io.mxguard.smtp.client.ClientOptions;
import io.mxguard.smtp.client.Envelope;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.xbill.DNS.Name;

/**
 * DeliveryBench - messages per second delivered by the {@code send} engine ({@link OutboundDelivery#attempt})
 * to Bob's lab MX over DANE-verified TLS, connection reuse off and on (see README).
 *
 * <p>One op: one ~2 KB message to bob@destination.com: MX, A/AAAA and TLSA from a warm validating
 * resolver (answer cache hits after priming), route planning, then either connect → EHLO → STARTTLS →
 * DANE-EE check → transaction → QUIT (reuse off), or RSET → transaction on a kept session (reuse on).
 * Every op must come back DELIVERED at Verified (DANE-EE); Bob's MX must hold exactly one TLS message
 * per op at tear-down, or the trial fails. The peer in the same run is swaks, one process per message.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 8, time = 1)
@Fork(1)
public class DeliveryBench {
    static final Name DESTINATION = Name.fromConstantString("destination.com.");
    static final Envelope ENVELOPE = Envelope.of("alice@source.com", "bob@destination.com");
    static final byte[] MESSAGE = message(2048);

    /**
     * Sender - a lab world with Bob's MX and one engine over a primed resolver, reuse off or on. A new
     * world each iteration (not timed): Bob's MX records every command in copy-on-write lists, whose
     * appends grow with the run and would slow the server down over a long trial.
     */
    @State(Scope.Benchmark)
    public static class Sender {
        @Param({"off", "on"})
        public String reuse;

        LabWorld world;
        ValidatingSecureResolver resolver;
        ConnectionCache cache;
        OutboundDelivery engine;
        Ledger ledger;

        @Setup(Level.Iteration)
        public void start() throws Exception {
            CryptoSetup.install();
            ledger = new Ledger();
            world = LabWorld.start(); // TLSA 3 1 1 for Bob's real key, honest resolver
            InetSocketAddress dns = world.dns().honestResolver();
            resolver = ValidatingSecureResolver.create(
                    List.of(new Upstream(dns.getAddress().getHostAddress(), dns.getPort())),
                    TrustAnchors.load(world.dns().trustAnchorFile()), ResolverOptions.defaults(), Clock.systemUTC());
            cache = reuse.equals("on") ? ConnectionCache.reusing(ConnectionCache.Limits.defaults())
                    : ConnectionCache.disabled();
            DeliveryOptions options = DeliveryOptions.defaults("smtp.source.com").withPort(world.smtpPort())
                    .withClient(ClientOptions.defaults().withAllTimeouts(Duration.ofSeconds(10)))
                    .withEndpoint(a -> world.smtpEndpoint(a.getAddress(), a.getPort()));
            engine = new OutboundDelivery(resolver, new LocalPolicy(TlsLevel.DANE, TlsLevel.NONE, PolicyTable.empty()),
                    options, new Random(7), e -> { }, cache);
            if (!deliver()) { // primes the DNS cache (and, with reuse, the first session)
                throw new IllegalStateException("priming delivery failed: " + ledger.first.get());
            }
        }

        /** deliver - one op, checked: DELIVERED over Verified TLS, authenticated by DANE-EE. */
        boolean deliver() {
            DeliveryReport report = engine.attempt(DESTINATION, ENVELOPE, MESSAGE);
            RecipientOutcome bob = report.recipients().get(0);
            boolean ok = bob.status() == RecipientOutcome.Status.DELIVERED && bob.route().isPresent()
                    && bob.route().get().tls().level() == Assurance.VERIFIED
                    && bob.route().get().tls().how().equals("DANE-EE");
            return ledger.count(ok, bob);
        }

        @TearDown(Level.Iteration)
        public void stop() {
            try {
                cache.close();
                resolver.close();
                ledger.checkBob(world);
            } finally {
                world.close();
            }
        }
    }

    /** Swaks - the same lab world, and swaks run once per message against Bob's MX with PKIX-verified TLS. */
    @State(Scope.Benchmark)
    public static class Swaks {
        LabWorld world;
        Path ca;
        Path data;
        final Ledger ledger = new Ledger();

        @Setup(Level.Trial)
        public void start() throws IOException {
            world = LabWorld.start();
            ca = Files.createTempFile("mxguard-bench-ca", ".pem");
            Files.writeString(ca, Certificates.pem(world.publicCa().certificate()));
            data = Files.createTempFile("mxguard-bench-msg", ".eml");
            Files.write(data, MESSAGE);
        }

        /** send - one swaks process: EHLO, STARTTLS (chain checked against the lab CA), one message, QUIT. */
        boolean send() throws IOException, InterruptedException {
            InetSocketAddress bob = world.bobMx().address();
            Process p = new ProcessBuilder("/usr/bin/swaks", "--silent", "2",
                    "--server", bob.getAddress().getHostAddress(), "--port", Integer.toString(bob.getPort()),
                    "--ehlo", "smtp.source.com", "--from", ENVELOPE.mailFrom(), "--to", ENVELOPE.recipients().get(0),
                    "--tls", "--tls-verify", "--tls-ca-path", ca.toString(), "--tls-sni", "mx.destination.com",
                    "--data", "@" + data)
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            int exit = p.waitFor();
            return ledger.count(exit == 0, "swaks exit " + exit);
        }

        @TearDown(Level.Trial)
        public void stop() throws IOException {
            try {
                ledger.checkBob(world);
            } finally {
                world.close();
                Files.deleteIfExists(ca);
                Files.deleteIfExists(data);
            }
        }
    }

    @Benchmark
    @Threads(1)
    public boolean daneDelivery(Sender s) {
        return s.deliver();
    }

    @Benchmark
    @Threads(4)
    public boolean daneDelivery_4threads(Sender s) {
        return s.deliver();
    }

    @Benchmark
    @Threads(1)
    public boolean swaksPerMessage(Swaks s) throws Exception {
        return s.send();
    }

    /** Ledger - ops that passed and failed the sanity check; the trial fails at tear-down on any failure. */
    static final class Ledger {
        final AtomicLong ok = new AtomicLong();
        final AtomicLong failed = new AtomicLong();
        final AtomicReference<String> first = new AtomicReference<>();

        boolean count(boolean passed, Object got) {
            if (passed) {
                ok.incrementAndGet();
            } else {
                failed.incrementAndGet();
                first.compareAndSet(null, String.valueOf(got));
            }
            return passed;
        }

        /** checkBob - every op failed nothing, and Bob's MX holds one message over TLS per op that passed. */
        void checkBob(LabWorld world) {
            if (failed.get() > 0) {
                throw new IllegalStateException(failed.get() + " ops were not delivered over DANE/verified TLS; first: "
                        + first.get());
            }
            List<ReceivedMessage> got = world.bobMx().messages();
            long plain = got.stream().filter(m -> m.tls().isEmpty()).count();
            if (got.size() != ok.get() || plain > 0) {
                throw new IllegalStateException("Bob's MX holds " + got.size() + " messages (" + plain
                        + " without TLS) for " + ok.get() + " delivered ops");
            }
        }
    }

    /** message - a plain-text message of about {@code size} octets, CRLF lines of 76 characters. */
    static byte[] message(int size) {
        StringBuilder sb = new StringBuilder("From: alice@source.com\r\nTo: bob@destination.com\r\n"
                + "Subject: bench\r\nMessage-ID: <bench@source.com>\r\n\r\n");
        String line = "The quarterly numbers are good; details follow in the next quarterly report..";
        while (sb.length() + line.length() + 2 <= size) {
            sb.append(line, 0, 76).append("\r\n");
        }
        return sb.toString().getBytes(StandardCharsets.US_ASCII);
    }
}
