package io.mxguard.lab.sender;

import static org.assertj.core.api.Assertions.assertThat;

import io.mxguard.delivery.DeliveryEvent;
import io.mxguard.delivery.RecipientOutcome;
import io.mxguard.delivery.RouteUsed;
import io.mxguard.lab.dns.HijackRule;
import io.mxguard.lab.smtp.ReceivedMessage;
import io.mxguard.lab.smtp.SeenCommand;
import io.mxguard.lab.world.LabWorld;
import io.mxguard.policy.Assurance;
import io.mxguard.policy.TlsLevel;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The baseline row of the matrix: every sender mode, through the honest resolver of the default world,
 * delivers to Bob, with the TLS that mode is known for. Assertions are made on Bob's own record of what he
 * received, and the attacker's MX must never see a MAIL FROM.
 */
class SenderBaselineTest {
    private static LabWorld world;
    private static LabSenders senders;
    private final List<DeliveryEvent> events = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void startWorld() throws Exception {
        world = LabWorld.start();
        senders = new LabSenders(world);
    }

    @AfterAll
    static void stopWorld() {
        world.close();
    }

    @BeforeEach
    void honestWorld() {
        world.dns().hijack(List.of());
        events.clear();
    }

    @AfterEach
    void attackerNeverSawMail() {
        assertThat(world.attackerMx().sawVerb("MAIL")).as("the attacker's MX saw a MAIL FROM").isFalse();
    }

    @Test
    void plaintext_honestDns_deliveredToBob_withoutTls_althoughStarttlsWasOffered() {
        int before = world.bobMx().connections();
        LabSenders.Sent sent = send(SenderMode.PLAINTEXT);

        ReceivedMessage received = atBob(sent);
        assertThat(received.tls()).as("Bob received it in plaintext").isEmpty();
        assertThat(route(sent).tls().level()).isEqualTo(Assurance.NONE);
        List<SeenCommand> ours = world.bobMx().commands().stream().filter(c -> c.connection() > before).toList();
        assertThat(ours).extracting(SeenCommand::verb).contains("EHLO", "MAIL").doesNotContain("STARTTLS");
    }

    @Test
    void opportunistic_honestDns_deliveredToBob_overTls_untrusted() {
        LabSenders.Sent sent = send(SenderMode.OPPORTUNISTIC);

        assertThat(atBob(sent).tls()).as("Bob received it over TLS").isPresent();
        assertThat(route(sent).tls().level()).isEqualTo(Assurance.UNTRUSTED);
    }

    @Test
    void verify_honestDns_deliveredToBob_overTls_pkix_trustedNotVerified_becauseTheMxIsUnvalidated() {
        LabSenders.Sent sent = send(SenderMode.VERIFY);

        assertThat(atBob(sent).tls()).isPresent();
        assertThat(route(sent).tls().how()).isEqualTo("PKIX");
        // The MX name came from DNS nobody validated: PKIX binds the certificate to it, not to destination.com.
        assertThat(route(sent).tls().level()).isEqualTo(Assurance.TRUSTED);
    }

    /**
     * The lab's honest server is authoritative and never sets AD, so a sender that waits for AD=1 gets no DANE
     * here and behaves as level may. In the matrix the AD story comes from the hijacker's setAd rule.
     */
    @Test
    void daneTrustAd_honestDns_noAdBit_soNoDane_deliveredToBob_likeMay() {
        LabSenders.Sent sent = send(SenderMode.DANE_TRUST_AD);

        assertThat(atBob(sent).tls()).isPresent();
        assertThat(route(sent).tls().level()).isEqualTo(Assurance.UNTRUSTED);
        assertThat(events).filteredOn(DeliveryEvent.RouteChosen.class::isInstance)
                .map(e -> ((DeliveryEvent.RouteChosen) e).route().requirement().level())
                .containsExactly(TlsLevel.MAY);
    }

    /** With an upstream that does set AD (here the hijacker's setAd and no other lie), the mode does DANE. */
    @Test
    void daneTrustAd_resolverSetsAd_noOtherTampering_deliveredToBob_verifiedDaneEe() {
        world.dns().hijack(List.of(HijackRule.setAd()));

        LabSenders.Sent sent = senders.send(SenderMode.DANE_TRUST_AD, world.dns().hijackingResolver(), events::add);

        RecipientOutcome bob = sent.report().recipients().get(0);
        assertThat(bob.status()).as(bob.reason()).isEqualTo(RecipientOutcome.Status.DELIVERED);
        assertThat(atBob(sent).tls()).isPresent();
        assertThat(route(sent).tls().level()).isEqualTo(Assurance.VERIFIED);
        assertThat(route(sent).tls().how()).isEqualTo("DANE-EE");
    }

    @Test
    void mxguard_honestDns_deliveredToBob_verifiedDaneEe() {
        LabSenders.Sent sent = send(SenderMode.MXGUARD);

        ReceivedMessage received = atBob(sent);
        assertThat(received.tls()).isPresent();
        assertThat(received.tls().get().sniReceived()).contains("mx.destination.com");
        assertThat(route(sent).tls().level()).isEqualTo(Assurance.VERIFIED);
        assertThat(route(sent).tls().how()).isEqualTo("DANE-EE");
    }

    @Test
    void everySend_carriesItsOwnMarker_andTheLabHeaders() {
        LabSenders.Sent first = send(SenderMode.OPPORTUNISTIC);
        LabSenders.Sent second = send(SenderMode.OPPORTUNISTIC);

        assertThat(first.marker()).isNotEqualTo(second.marker());
        String text = new String(atBob(second).data(), StandardCharsets.US_ASCII);
        assertThat(text).contains("From: alice@source.com\r\n", "To: bob@destination.com\r\n",
                "Subject: Quarterly numbers\r\n", "Message-ID: <" + second.marker() + "@source.com>\r\n");
        assertThat(atBob(second).mailFrom()).isEqualTo("alice@source.com");
        assertThat(atBob(second).helo()).isEqualTo("smtp.source.com");
        assertThat(LabMessage.carries(atBob(second).data(), first.marker())).isFalse();
    }

    private LabSenders.Sent send(SenderMode mode) {
        LabSenders.Sent sent = senders.send(mode, world.dns().honestResolver(), events::add);
        RecipientOutcome bob = sent.report().recipients().get(0);
        assertThat(bob.status()).as(mode + ": " + bob.reason()).isEqualTo(RecipientOutcome.Status.DELIVERED);
        assertThat(sent.mode()).isEqualTo(mode);
        return sent;
    }

    private static RouteUsed route(LabSenders.Sent sent) {
        return sent.report().recipients().get(0).route().orElseThrow();
    }

    private static ReceivedMessage atBob(LabSenders.Sent sent) {
        List<ReceivedMessage> found = world.bobMx().messages().stream()
                .filter(m -> LabMessage.carries(m.data(), sent.marker())).toList();
        assertThat(found).as("Bob's copies of " + sent.marker()).hasSize(1);
        return found.get(0);
    }
}
