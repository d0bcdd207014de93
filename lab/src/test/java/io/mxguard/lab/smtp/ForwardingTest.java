package io.mxguard.lab.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import io.mxguard.pki.CertificateSpec;
import io.mxguard.pki.Certificates;
import io.mxguard.smtp.client.ClientOptions;
import io.mxguard.smtp.client.Envelope;
import io.mxguard.smtp.client.SmtpClient;
import io.mxguard.smtp.client.SmtpOutcome;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The attacker's MX reads, then relays to Bob so the interception goes unnoticed (DESIGN §4). */
class ForwardingTest {
    private static final String BOB = "mx.destination.com";
    private static final String ATTACKER = "mx.attacker.net";
    private static final byte[] MESSAGE = "Subject: hello\r\n\r\nHi Bob.\r\n..dotted\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final Envelope TO_BOB = Envelope.of("alice@source.com", "bob@destination.com", "carol@destination.com");

    private static Certificates.Issued bobCert;
    private static Certificates.Issued attackerCert;
    private final SmtpClient client = new SmtpClient(ClientOptions.defaults().withAllTimeouts(Duration.ofSeconds(3)));

    @BeforeAll
    static void pki() {
        Instant now = Instant.now();
        Certificates.Issued ca = Certificates.issue(CertificateSpec.authority("Lab CA", now.minus(1, ChronoUnit.DAYS),
                now.plus(1, ChronoUnit.DAYS)), null);
        bobCert = Certificates.issue(CertificateSpec.server(now.minus(1, ChronoUnit.DAYS), now.plus(1, ChronoUnit.DAYS),
                BOB), ca);
        attackerCert = Certificates.issue(CertificateSpec.server(now.minus(1, ChronoUnit.DAYS),
                now.plus(1, ChronoUnit.DAYS), ATTACKER), ca);
    }

    @Test
    void attackerMx_readsThenRelays_bobGetsTheSameMessageOverTls() throws Exception {
        try (LabMailServer bob = LabMailServer.start(LabMailServer.Config.loopback(BOB, bobCert));
             LabMailServer attacker = LabMailServer.start(LabMailServer.Config.loopback(ATTACKER, attackerCert)
                     .withForwardTo(bob.address(), BOB))) {
            SmtpOutcome<SmtpClient.Delivered> sent = client.deliver(attacker.address(), "smtp.source.com",
                    Optional.empty(), TO_BOB, MESSAGE);
            assertThat(sent.isOk()).as("%s", sent).isTrue();

            List<ForwardedMessage> forwarded = attacker.awaitForwarded(1, Duration.ofSeconds(10));
            assertThat(forwarded).singleElement().satisfies(f -> {
                assertThat(f.delivered()).as("%s", f.outcome()).isTrue();
                assertThat(f.finalReply().orElseThrow().code()).isEqualTo(250);
                assertThat(f.encrypted()).isTrue();
                assertThat(f.nextHop()).isEqualTo(bob.address());
                assertThat(f.message().data()).isEqualTo(attacker.messages().get(0).data());
                assertThat(f.at()).isAfterOrEqualTo(f.message().at());
            });
            assertThat(attacker.messages()).hasSize(1);
            assertThat(bob.messages()).singleElement().satisfies(m -> {
                assertThat(m.data()).isEqualTo(attacker.messages().get(0).data());
                assertThat(m.mailFrom()).isEqualTo("alice@source.com");
                assertThat(m.rcptTo()).containsExactly("bob@destination.com", "carol@destination.com");
                assertThat(m.helo()).isEqualTo(ATTACKER);
                assertThat(m.tls()).hasValueSatisfying(t -> assertThat(t.sniReceived()).contains(BOB));
            });
        }
    }

    @Test
    void bobRefusesTheRelay_recordedAsNotDelivered_attackerStillHasIt() throws Exception {
        try (LabMailServer bob = LabMailServer.start(LabMailServer.Config.loopback(BOB, null),
                new LabFault.RejectMail(550));
             LabMailServer attacker = LabMailServer.start(LabMailServer.Config.loopback(ATTACKER, null)
                     .withForwardTo(bob.address(), BOB))) {
            assertThat(client.deliver(attacker.address(), "smtp.source.com", Optional.empty(), TO_BOB, MESSAGE).isOk())
                    .isTrue();
            assertThat(attacker.awaitForwarded(1, Duration.ofSeconds(10))).singleElement().satisfies(f -> {
                assertThat(f.delivered()).isFalse();
                assertThat(f.encrypted()).isFalse();
                assertThat(f.outcome().isOk()).isFalse();
            });
            assertThat(attacker.messages()).hasSize(1);
            assertThat(bob.messages()).isEmpty();
        }
    }

    @Test
    void serverWithoutForwardTo_keepsWhatItAccepts() throws Exception {
        try (LabMailServer bob = LabMailServer.start(LabMailServer.Config.loopback(BOB, null))) {
            assertThat(client.deliver(bob.address(), "smtp.source.com", Optional.empty(), TO_BOB, MESSAGE).isOk())
                    .isTrue();
            assertThat(bob.forwarded()).isEmpty();
            assertThat(bob.config().forwardTo()).isNull();
        }
    }
}
