package io.mxguard.lab.relay;

import static org.assertj.core.api.Assertions.assertThat;

import io.mxguard.lab.dns.HijackRule;
import io.mxguard.lab.dns.HijackRule.Signatures;
import io.mxguard.lab.dns.LabZones;
import io.mxguard.lab.sender.LabMessage;
import io.mxguard.lab.smtp.ReceivedMessage;
import io.mxguard.lab.world.LabWorld;
import io.mxguard.queue.QueueAdmin;
import io.mxguard.queue.QueueState;
import io.mxguard.queue.RecipientState;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Name;

/**
 * The relay behind a hijacking resolver: a message it acknowledged waits in the spool, deferred, while
 * destination.com's MX is forged, and reaches Bob's MX over TLS once the DNS tells the truth again.
 * Where mail went is read from the lab servers' own records.
 */
class RelayHijackScenarioTest {
    private static final Name ATTACKER_MX = Name.fromConstantString("mx.attacker.net.");
    private static final Duration PATIENCE = Duration.ofSeconds(15);
    private static LabWorld world;

    @BeforeAll
    static void startWorld() throws Exception {
        world = LabWorld.start();
    }

    @AfterAll
    static void stopWorld() {
        world.dns().hijack(List.of());
        world.close();
    }

    @Test
    void rewrittenMx_acknowledgedMessageStaysDeferred_thenHonestDnsDeliversItToBobOnce(@TempDir Path spool)
            throws Exception {
        world.dns().hijack(List.of(HijackRule.rewriteMx(LabZones.DESTINATION, ATTACKER_MX, Signatures.STRIP)));
        String marker = "hijack-" + UUID.randomUUID();
        int attackerCommandsBefore = world.attackerMx().commands().size();

        try (RelayPipeline relay = RelayPipeline.start(
                RelayPipeline.Settings.forWorld(world, world.dns().hijackingResolver(), spool), e -> { })) {
            Submission s = Submission.submit(relay.smtp(), marker, "bob@destination.com");
            assertThat(s.acknowledged()).as("relay's reply: %s", s).isTrue();

            await(() -> deferred(relay.admin()).size() == 1, "the message to be deferred");
            List<QueueAdmin.Entry> queued = relay.admin().list();
            assertThat(queued).as("only the message: no DSN to the sender").hasSize(1);
            QueueAdmin.Entry entry = queued.get(0);
            assertThat(entry.state()).isEqualTo(QueueState.DEFERRED);
            assertThat(entry.sender()).isEqualTo(Submission.FROM);
            RecipientState bob = entry.recipients().get(0);
            assertThat(bob.status()).isEqualTo(RecipientState.Status.DEFERRED);
            assertThat(bob.enhancedStatus()).isEqualTo("4.7.5");
            assertThat(bob.reason()).containsIgnoringCase("DNSSEC").containsIgnoringCase("BOGUS");
            assertThat(Submission.copiesAt(world.bobMx().messages(), marker)).isZero();
            assertNoMailFromAtAttacker(attackerCommandsBefore);

            // The relay was built on the hijacker's address: without rules it is an honest forwarder.
            world.dns().hijack(List.of());
            // The resolver remembers a BOGUS outcome for its failureTtl (5 s by default, against query floods):
            // a flush within that time defers again. So flush once a second, as an admin would, until it goes.
            await(() -> {
                relay.queue().flush();
                Thread.sleep(1000);
                return Submission.copiesAt(world.bobMx().messages(), marker) >= 1;
            }, "Bob to receive the message");
            await(() -> relay.admin().list().isEmpty(), "the spool to empty");
            List<ReceivedMessage> atBob = world.bobMx().messages().stream()
                    .filter(m -> LabMessage.carries(m.data(), marker)).toList();
            assertThat(atBob).as("delivered exactly once").hasSize(1);
            assertThat(atBob.get(0).tls()).as("over TLS").isPresent();
            assertThat(atBob.get(0).helo()).isEqualTo(RelayPipeline.HELO);
            assertThat(atBob.get(0).mailFrom()).isEqualTo(Submission.FROM);
            assertThat(relay.spool().list(QueueState.CORRUPT)).isEmpty();
            assertNoMailFromAtAttacker(attackerCommandsBefore);
        }
    }

    @Test
    void rewrittenMx_keptStaleSignatures_isDeferralNeverBounce(@TempDir Path spool) throws Exception {
        world.dns().hijack(List.of(HijackRule.rewriteMx(LabZones.DESTINATION, ATTACKER_MX, Signatures.KEEP_STALE)));
        int attackerCommandsBefore = world.attackerMx().commands().size();
        try (RelayPipeline relay = RelayPipeline.start(
                RelayPipeline.Settings.forWorld(world, world.dns().hijackingResolver(), spool), e -> { })) {
            Submission s = Submission.submit(relay.smtp(), "stale-" + UUID.randomUUID(), "bob@destination.com");
            assertThat(s.acknowledged()).as("relay's reply: %s", s).isTrue();

            await(() -> deferred(relay.admin()).size() == 1, "the message to be deferred");
            assertThat(relay.admin().list()).as("no DSN enqueued").hasSize(1)
                    .allSatisfy(e -> assertThat(e.sender()).isEqualTo(Submission.FROM));
            assertThat(deferred(relay.admin()).get(0).recipients().get(0).enhancedStatus()).isEqualTo("4.7.5");
            assertNoMailFromAtAttacker(attackerCommandsBefore);
        } finally {
            world.dns().hijack(List.of());
        }
    }

    private static List<QueueAdmin.Entry> deferred(QueueAdmin admin) throws Exception {
        return admin.list().stream().filter(e -> e.state() == QueueState.DEFERRED).toList();
    }

    private static void assertNoMailFromAtAttacker(int commandsBefore) {
        List<String> verbs = world.attackerMx().commands().subList(commandsBefore,
                world.attackerMx().commands().size()).stream().map(c -> c.verb()).toList();
        assertThat(verbs).as("commands at the attacker's MX").noneMatch(v -> v.equalsIgnoreCase("MAIL"));
    }

    /** await - poll {@code condition} until it holds or {@link #PATIENCE} passes (then fail, naming it). */
    static void await(ThrowingCondition condition, String what) throws Exception {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!condition.holds()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(50);
        }
    }

    /** ThrowingCondition - a condition that may do I/O. */
    @FunctionalInterface
    interface ThrowingCondition {
        boolean holds() throws Exception;
    }
}
