package io.mxguard.lab.interop;

import io.mxguard.smtp.DsnNotify;
import io.mxguard.interop.Peer;
import static org.assertj.core.api.Assertions.assertThat;

import io.mxguard.delivery.DeliveryEvent;
import io.mxguard.delivery.DeliveryOptions;
import io.mxguard.delivery.DeliveryReport;
import io.mxguard.delivery.OutboundDelivery;
import io.mxguard.delivery.RecipientOutcome;
import io.mxguard.dns.ValidatingSecureResolver;
import io.mxguard.lab.dns.LabAddresses;
import io.mxguard.lab.dns.LabZones;
import io.mxguard.lab.peers.Postfix;
import io.mxguard.lab.peers.PostfixMessage;
import io.mxguard.lab.world.DnsWorld;
import io.mxguard.lab.world.WorldResolvers;
import io.mxguard.pki.CertificateSpec;
import io.mxguard.pki.Certificates;
import io.mxguard.policy.Assurance;
import io.mxguard.policy.LocalPolicy;
import io.mxguard.smtp.client.ClientOptions;
import io.mxguard.smtp.client.DsnParameters;
import io.mxguard.smtp.client.Envelope;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Name;

/**
 * mxguard's delivery engine against a real Postfix smtpd as Bob's MX: the lab DNS publishes the MX,
 * its address and a TLSA 3 1 1 of the certificate Postfix presents; the message must arrive in
 * Postfix's mailbox over TLS, and our side must say Verified (DANE-EE). A second Postfix certificate
 * that does not match the TLSA must make us defer without sending. DSN parameters we pass on must be
 * understood: Postfix reports the delivery itself, naming our ENVID and ORCPT.
 */
class PostfixDaneDeliveryTest {

    @Test
    void daneEe_toRealPostfix_arrives_andWeSayVerified() throws Exception {
        deliverToPostfix(true);
    }

    @Test
    void tlsaOfAnotherKey_realPostfix_deferred475_postfixGetsNothing() throws Exception {
        deliverToPostfix(false);
    }

    @Test
    void dsnParameters_toRealPostfix_takenAndHonoured_itReportsTheDeliveryItself() throws Exception {
        onPostfixMx(true, (engine, bob) -> {
            String id = UUID.randomUUID().toString();
            byte[] message = ("From: carol@destination.com\r\nTo: bob@destination.com\r\nSubject: DSN interop " + id
                    + "\r\n\r\nHello Bob, report back.\r\n").getBytes(StandardCharsets.US_ASCII);
            // Carol's address is Postfix's own domain: its success report lands in the maildir we read
            Envelope envelope = new Envelope("carol@destination.com", List.of("bob@destination.com"),
                    new DsnParameters(Optional.of(DsnParameters.Ret.HDRS), Optional.of("QQ+2B" + id), List.of(
                            new DsnParameters.Rcpt(Set.of(DsnNotify.SUCCESS),
                                    Optional.of("rfc822;Bob+2Bdsn@destination.com")))));

            DeliveryReport report = engine.attempt(Name.fromConstantString("destination.com."), envelope, message);

            RecipientOutcome outcome = report.recipients().get(0);
            assertThat(outcome.status()).as(outcome.reason() + "\n" + bob.describe())
                    .isEqualTo(RecipientOutcome.Status.DELIVERED);
            assertThat(outcome.route().get().dsnPassedOn()).as("Postfix announces DSN").isTrue();
            // Postfix understood NOTIFY=SUCCESS, ENVID and ORCPT: it sends the "delivered" report (RFC 3461 §5.2.3),
            // naming the decoded ENVID and ORCPT (§6.3) — so the report is its job, and our relay sends none
            PostfixMessage dsn = bob.awaitMessage(m -> m.text().contains("Original-Envelope-Id: QQ+" + id),
                    Duration.ofSeconds(10));
            assertThat(dsn.text()).as(bob.describe()).contains("Action: delivered")
                    .containsPattern("Original-Recipient: ?rfc822; ?Bob\\+dsn@destination\\.com")
                    .contains("Content-Type: text/rfc822-headers").contains("Subject: DSN interop " + id)
                    .doesNotContain("Hello Bob, report back.");
            assertThat(dsn.header("X-Original-To")).contains("carol@destination.com");
        });
    }

    private void deliverToPostfix(boolean tlsaMatches) throws Exception {
        onPostfixMx(tlsaMatches, (engine, bob) -> {
            String subject = "DANE interop " + UUID.randomUUID();
            byte[] message = ("From: alice@source.com\r\nTo: bob@destination.com\r\nSubject: " + subject
                    + "\r\n\r\nHello Bob, from mxguard.\r\n").getBytes(StandardCharsets.US_ASCII);

            DeliveryReport report = engine.attempt(Name.fromConstantString("destination.com."),
                    Envelope.of("alice@source.com", "bob@destination.com"), message);

            RecipientOutcome outcome = report.recipients().get(0);
            if (!tlsaMatches) {
                assertThat(outcome.status()).isEqualTo(RecipientOutcome.Status.DEFERRED);
                assertThat(outcome.enhancedStatus()).isEqualTo("4.7.5");
                assertThat(outcome.reason()).contains("DANE NO_MATCH");
                assertThat(bob.log()).doesNotContain("from=<alice@source.com>");
                assertThat(bob.receivedMessages()).isEmpty();
                return;
            }
            assertThat(outcome.status()).as(outcome.reason() + "\n" + bob.describe())
                    .isEqualTo(RecipientOutcome.Status.DELIVERED);
            assertThat(outcome.route().get().tls().level()).isEqualTo(Assurance.VERIFIED);
            assertThat(outcome.route().get().tls().describe()).startsWith("Verified TLS (DANE-EE)");
            PostfixMessage received = bob.awaitMessage(m -> m.text().contains(subject), Duration.ofSeconds(10));
            assertThat(received.headers("Received").get(0)).as(bob.describe()).contains("using TLSv1.");
            assertThat(bob.log()).contains("TLS connection established from");
        });
    }

    /** OnPostfix - what a test does with our delivery engine and Bob's Postfix MX. */
    @FunctionalInterface
    private interface OnPostfix {
        void run(OutboundDelivery engine, Postfix bob) throws Exception;
    }

    /**
     * onPostfixMx - a real Postfix as Bob's MX, the lab DNS publishing its MX, address and a TLSA 3 1 1 of its
     * certificate ({@code tlsaMatches}) or of another key, and our engine pointed at them.
     */
    private static void onPostfixMx(boolean tlsaMatches, OnPostfix test) throws Exception {
        var postfixBinary = Peer.require("postfix", "postfix");
        PostfixPeerTest.requireRunnable();
        Instant now = Instant.now();
        var ca = Certificates.issue(CertificateSpec.authority("Lab CA", now.minus(1, ChronoUnit.HOURS),
                now.plus(1, ChronoUnit.DAYS)), null);
        var cert = Certificates.issue(CertificateSpec.server(now.minus(1, ChronoUnit.HOURS), now.plus(1, ChronoUnit.DAYS),
                "mx.destination.com"), ca);
        // Postfix binds only addresses configured on an interface (127.0.0.1), not the rest of 127/8:
        // Bob's A record names 127.0.0.1.
        LabAddresses spread = DnsWorld.pickAddresses();
        LabAddresses addresses = new LabAddresses(spread.nameServer(), InetAddress.getLoopbackAddress(),
                spread.attackerMx(), spread.mtaSts(), spread.aliceSmtp(), spread.unsignedMx());
        try (Postfix bob = Postfix.start(postfixBinary, new InetSocketAddress(addresses.bobMx(), 0), cert, "destination.com")) {
            int port = bob.address().getPort();
            LabZones zones = LabZones.seed(addresses, port);
            var published = tlsaMatches ? cert : Certificates.issue(CertificateSpec.server(now, now.plus(1, ChronoUnit.DAYS),
                    "mx.destination.com"), ca);
            zones.bobTlsa(3, 1, 1, Certificates.spkiSha256(published.certificate()));
            try (DnsWorld world = DnsWorld.start(zones, Clock.systemUTC());
                 ValidatingSecureResolver resolver = WorldResolvers.validating(world, world.honestResolver())) {
                List<DeliveryEvent> events = new CopyOnWriteArrayList<>();
                DeliveryOptions options = DeliveryOptions.defaults("smtp.source.com").withPort(port)
                        .withClient(ClientOptions.defaults().withAllTimeouts(Duration.ofSeconds(10)));
                OutboundDelivery engine = new OutboundDelivery(resolver, LocalPolicy.defaults(), options, new Random(1),
                        events::add);
                test.run(engine, bob);
            }
        }
    }
}
