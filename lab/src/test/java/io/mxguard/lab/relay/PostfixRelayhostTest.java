package io.mxguard.lab.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.mxguard.interop.Peer;
import io.mxguard.lab.dns.HijackRule;
import io.mxguard.lab.dns.HijackRule.Signatures;
import io.mxguard.lab.dns.LabZones;
import io.mxguard.lab.peers.Postfix;
import io.mxguard.lab.sender.LabMessage;
import io.mxguard.lab.smtp.ReceivedMessage;
import io.mxguard.lab.world.LabWorld;
import io.mxguard.queue.QueueAdmin;
import io.mxguard.queue.QueueState;
import io.mxguard.queue.RecipientState;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Name;

/**
 * A real Postfix (Debian package postfix) whose {@code relayhost = [127.0.0.1]:PORT} is our relay:
 * a message submitted to Postfix goes Postfix → our relay → Bob's lab MX, DANE-verified, over TLS.
 * With a hijacked MX, Postfix still hands the message over (its log says {@code status=sent}), and
 * our relay keeps it deferred instead of delivering to the attacker. Where mail went is read from
 * Postfix's maillog, our spool, and the lab servers' own records.
 */
class PostfixRelayhostTest {
    private static final Name ATTACKER_MX = Name.fromConstantString("mx.attacker.net.");
    private static final Duration PATIENCE = Duration.ofSeconds(20);
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    private static Path postfixBinary;
    private static LabWorld world;

    @BeforeAll
    static void start() throws IOException {
        postfixBinary = Peer.require("postfix", "postfix");
        // Root is a precondition like the package itself: skip, or fail when peers are required.
        Optional<String> reason = Postfix.unavailableReason();
        if (reason.isPresent() && Peer.required()) {
            fail(reason.get() + " [peers are required in this run]");
        }
        assumeTrue(reason.isEmpty(), reason.orElse(""));
        world = LabWorld.start();
    }

    @AfterAll
    static void stop() {
        if (world != null) {
            world.dns().hijack(List.of());
            world.close();
        }
    }

    @Test
    void postfixRelayhost_isOurRelay_messageReachesBobOverDane(@TempDir Path spool) throws Exception {
        String marker = "pfx-" + UUID.randomUUID();
        try (RelayPipeline relay = RelayPipeline.start(
                     RelayPipeline.Settings.forWorld(world, world.dns().honestResolver(), spool), e -> { });
             Postfix postfix = Postfix.startRelayingTo(postfixBinary, new InetSocketAddress(LOOPBACK, 0), relay.smtp(),
                     "source.com")) {
            assertThat(postfix.relayhost()).contains(relay.smtp());
            assertThat(postconf(postfix, "relayhost", "default_transport", "smtp_dns_support_level",
                    "disable_dns_lookups", "mydestination"))
                    .as("Postfix's own reading of main.cf").containsExactly(
                            "[127.0.0.1]:" + relay.smtp().getPort(), "smtp", "disabled", "yes", "");
            Submission s = Submission.submit(postfix.address(), marker, "bob@destination.com");
            assertThat(s.acknowledged()).as("Postfix's reply: %s%s", s, postfix.describe()).isTrue();

            String sent = postfix.awaitLog(sentTo(relay.smtp()), PATIENCE);
            assertThat(sent).contains("to=<bob@destination.com>").contains("dsn=2.");

            RelayHijackScenarioTest.await(() -> Submission.copiesAt(world.bobMx().messages(), marker) >= 1,
                    "Bob to receive the message");
            RelayHijackScenarioTest.await(() -> relay.admin().list().isEmpty(), "our spool to empty");
            List<ReceivedMessage> atBob = world.bobMx().messages().stream()
                    .filter(m -> LabMessage.carries(m.data(), marker)).toList();
            assertThat(atBob).as("delivered exactly once").hasSize(1);
            ReceivedMessage got = atBob.get(0);
            assertThat(got.tls()).as("over TLS").isPresent();
            assertThat(got.helo()).as("from our relay, not from Postfix").isEqualTo(RelayPipeline.HELO);
            assertThat(got.mailFrom()).isEqualTo(Submission.FROM);
            assertThat(got.rcptTo()).containsExactly("bob@destination.com");
            assertThat(postfix.log().lines().filter(l -> l.contains(" relay=")))
                    .as("Postfix delivered to our relay and nowhere else").isNotEmpty()
                    .allMatch(l -> sentTo(relay.smtp()).matcher(l).find());
            String text = new String(got.data(), StandardCharsets.US_ASCII);
            assertThat(text).as("passed through Postfix").contains("by " + postfix.hostname() + " (Postfix)")
                    .contains("Subject: relay test " + marker);
        }
    }

    @Test
    void hijackedMx_postfixHandsOver_ourRelayDefers_attackerSeesNoMailFrom(@TempDir Path spool) throws Exception {
        String marker = "pfx-hijack-" + UUID.randomUUID();
        int attackerCommandsBefore = world.attackerMx().commands().size();
        world.dns().hijack(List.of(HijackRule.rewriteMx(LabZones.DESTINATION, ATTACKER_MX, Signatures.STRIP)));
        try (RelayPipeline relay = RelayPipeline.start(
                     RelayPipeline.Settings.forWorld(world, world.dns().hijackingResolver(), spool), e -> { });
             Postfix postfix = Postfix.startRelayingTo(postfixBinary, new InetSocketAddress(LOOPBACK, 0), relay.smtp(),
                     "source.com")) {
            Submission s = Submission.submit(postfix.address(), marker, "bob@destination.com");
            assertThat(s.acknowledged()).as("Postfix's reply: %s%s", s, postfix.describe()).isTrue();

            postfix.awaitLog(sentTo(relay.smtp()), PATIENCE);
            RelayHijackScenarioTest.await(() -> deferred(relay.admin()).size() == 1, "our relay to defer the message");
            List<QueueAdmin.Entry> queued = relay.admin().list();
            assertThat(queued).as("only the message: no DSN").hasSize(1);
            RecipientState bob = queued.get(0).recipients().get(0);
            assertThat(bob.status()).isEqualTo(RecipientState.Status.DEFERRED);
            assertThat(bob.enhancedStatus()).startsWith("4.");
            assertThat(bob.reason()).containsIgnoringCase("DNSSEC");
            assertThat(Submission.copiesAt(world.bobMx().messages(), marker)).isZero();
            List<String> verbs = world.attackerMx().commands().subList(attackerCommandsBefore,
                    world.attackerMx().commands().size()).stream().map(c -> c.verb()).toList();
            assertThat(verbs).as("commands at the attacker's MX").noneMatch(v -> v.equalsIgnoreCase("MAIL"));
        } finally {
            world.dns().hijack(List.of());
        }
    }

    // postconf -c DIR -h NAME...: the effective values, one a line, in order.
    private static List<String> postconf(Postfix postfix, String... names) throws Exception {
        Path postconf = Peer.require("postconf", "postfix");
        List<String> command = new ArrayList<>(List.of(postconf.toString(), "-c", postfix.configDirectory().toString(),
                "-h"));
        command.addAll(List.of(names));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).as("postconf finished").isTrue();
        assertThat(p.exitValue()).as("postconf: %s", out).isZero();
        return out.lines().toList();
    }

    // Postfix's delivery record: "to=<...>, relay=127.0.0.1[127.0.0.1]:PORT, ..., status=sent (250 ...)".
    private static Pattern sentTo(InetSocketAddress relay) {
        String ip = Pattern.quote(relay.getAddress().getHostAddress());
        return Pattern.compile("relay=" + ip + "\\[" + ip + "\\]:" + relay.getPort() + ",.*status=sent");
    }

    private static List<QueueAdmin.Entry> deferred(QueueAdmin admin) throws Exception {
        return admin.list().stream().filter(e -> e.state() == QueueState.DEFERRED).toList();
    }
}
