package io.mxguard.relay;

import static org.assertj.core.api.Assertions.assertThat;

import io.mxguard.lab.dns.HijackRule;
import io.mxguard.lab.dns.LabZones;
import io.mxguard.lab.smtp.ReceivedMessage;
import io.mxguard.lab.world.LabWorld;
import io.mxguard.queue.QueueAdmin;
import io.mxguard.queue.QueueState;
import io.mxguard.queue.RecipientState;
import io.mxguard.smtp.client.Envelope;
import io.mxguard.smtp.client.SmtpClient;
import io.mxguard.smtp.client.SmtpOutcome;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Name;

/** The relay in-process against the lab world: submitted with our SmtpClient, delivered (or not) by the queue. */
class RelayLabTest {
    private static LabWorld world;

    @TempDir
    Path queueDir;

    private final List<String> log = new CopyOnWriteArrayList<>();
    private final List<String> notices = new CopyOnWriteArrayList<>();
    private Relay relay;

    @BeforeAll
    static void start() throws Exception {
        world = LabWorld.start();
    }

    @AfterAll
    static void stop() {
        world.close();
    }

    @AfterEach
    void honestAgain() {
        if (relay != null) {
            relay.close();
        }
        world.dns().hijack(List.of());
    }

    private Relay relay(InetSocketAddress resolver) throws Exception {
        RelayConfig config = RelayConfigLoader.load(Optional.empty(), new RelayConfigLoader.Overrides(
                List.of("127.0.0.1:0"), queueDir.toString(), null,
                List.of(resolver.getAddress().getHostAddress() + ":" + resolver.getPort()),
                world.dns().trustAnchorFile().toString(), world.smtpPort(), null, null));
        relay = Relay.start(config, log::add, notices::add);
        return relay;
    }

    private static void submit(Relay relay, String subject) {
        byte[] content = ("From: alice@source.com\r\nTo: bob@destination.com\r\nSubject: " + subject + "\r\n\r\nHello Bob.\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        SmtpOutcome<SmtpClient.Delivered> sent = new SmtpClient().deliver(relay.addresses().get(0), "app.source.com",
                Optional.empty(), new Envelope("alice@source.com", List.of("bob@destination.com")), content);
        assertThat(sent.isOk()).as(sent.toString()).isTrue();
        assertThat(sent.value().transaction().dataReply().orElseThrow().code()).isEqualTo(250);
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (!condition.getAsBoolean()) {
            assertThat(Instant.now()).as("waiting for " + what).isBefore(deadline);
            Thread.sleep(50);
        }
    }

    @Test
    void honest_submittedMail_reachesBob_verifiedDaneEe_loggedSent() throws Exception {
        Relay r = relay(world.dns().honestResolver());
        String subject = "Relay honest " + System.nanoTime();
        submit(r, subject);
        await(() -> world.bobMx().messages().stream().anyMatch(m -> text(m).contains(subject)), "Bob's MX to receive it");
        await(() -> log.stream().anyMatch(l -> l.contains("status=sent")), "the delivery log line");
        String line = log.stream().filter(l -> l.contains("status=sent")).findFirst().orElseThrow();
        assertThat(line).matches("[0-9a-f]{12}-[0-9a-f]{16}: .*") // the queue id, as Postfix's log lines start
                .contains("to=<bob@destination.com>").contains("relay=mx.destination.com[")
                .contains("tls=Verified (DANE-EE)").contains("dsn=2.");
        ReceivedMessage got = world.bobMx().messages().stream().filter(m -> text(m).contains(subject)).findFirst().orElseThrow();
        assertThat(got.mailFrom()).isEqualTo("alice@source.com");
        assertThat(got.tls()).isPresent();
        await(() -> queued(r).isEmpty(), "the queue to be empty");
        assertThat(notices).noneMatch(n -> n.contains("strips"));
    }

    @Test
    void hijackedMx_staysDeferredInQueue_attackerNeverSeesMailFrom() throws Exception {
        world.dns().hijack(List.of(HijackRule.rewriteMx(LabZones.DESTINATION, Name.fromConstantString("mx.attacker.net."),
                HijackRule.Signatures.STRIP)));
        Relay r = relay(world.dns().hijackingResolver());
        submit(r, "Relay hijacked " + System.nanoTime());
        await(() -> log.stream().anyMatch(l -> l.contains("status=deferred")), "the deferral log line");
        String line = log.stream().filter(l -> l.contains("status=deferred")).findFirst().orElseThrow();
        assertThat(line).contains("to=<bob@destination.com>").contains("dsn=4.");
        await(() -> !queued(r).isEmpty() && queued(r).get(0).state() == QueueState.DEFERRED, "the message to be deferred");
        QueueAdmin.Entry entry = new QueueAdmin(r.spool()).list().get(0);
        RecipientState bob = entry.recipients().get(0);
        assertThat(bob.status()).isEqualTo(RecipientState.Status.DEFERRED);
        assertThat(bob.enhancedStatus()).startsWith("4.");
        assertThat(world.attackerMx().sawVerb("MAIL")).isFalse();
    }

    private static List<QueueAdmin.Entry> queued(Relay r) {
        try {
            return new QueueAdmin(r.spool()).list();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String text(ReceivedMessage m) {
        return new String(m.data(), StandardCharsets.US_ASCII);
    }
}
