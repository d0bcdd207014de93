package io.mxguard.queue;

import io.mxguard.smtp.DsnNotify;
import static org.assertj.core.api.Assertions.assertThat;

import io.mxguard.smtp.client.DsnParameters;
import io.mxguard.smtp.client.Envelope;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What a queued message is relayed with: RFC 3461 §5.2.1, parameters as received, ORCPT added where none came. */
class RelayEnvelopeTest {

    private static QueueEnvelope queued(QueueEnvelope.Ret ret, Optional<String> envid, QueueEnvelope.Recipient... r) {
        return new QueueEnvelope("alice@source.com", List.of(r), envid, ret, false, "client [127.0.0.1]");
    }

    @Test
    void received_passedOnUnchanged() {
        QueueEnvelope.Recipient bob = new QueueEnvelope.Recipient("bob@destination.com",
                Set.of(DsnNotify.FAILURE, DsnNotify.DELAY),
                Optional.of("RFC822;Bob+2Btag@Destination.COM"));

        Envelope e = RelayEnvelope.of(queued(QueueEnvelope.Ret.FULL, Optional.of("a+3Db"), bob), List.of(bob));

        assertThat(e.mailFrom()).isEqualTo("alice@source.com");
        assertThat(e.recipients()).containsExactly("bob@destination.com");
        assertThat(e.dsn().ret()).contains(DsnParameters.Ret.FULL);
        assertThat(e.dsn().envelopeId()).contains("a+3Db");
        assertThat(e.dsn().recipient(0).notifyOn())
                .containsExactlyInAnyOrder(DsnNotify.FAILURE, DsnNotify.DELAY);
        assertThat(e.dsn().recipient(0).originalRecipient()).contains("RFC822;Bob+2Btag@Destination.COM");
    }

    @Test
    void notReceived_notAdded_butOrcpt() {
        QueueEnvelope.Recipient carol = QueueEnvelope.Recipient.of("carol+x=y@destination.com");

        Envelope e = RelayEnvelope.of(queued(QueueEnvelope.Ret.DEFAULT, Optional.empty(), carol), List.of(carol));

        // §5.2.1(a)-(c): no RET, ENVID or NOTIFY when none came; (d): an ORCPT MAY be added, the address received
        assertThat(e.dsn().ret()).isEmpty();
        assertThat(e.dsn().envelopeId()).isEmpty();
        assertThat(e.dsn().recipient(0).notifyOn()).isEmpty();
        assertThat(e.dsn().recipient(0).originalRecipient()).contains("rfc822;carol+2Bx+3Dy@destination.com");
    }

    @Test
    void onlyTheRecipientsOfThisAttempt_inTheirOrder() {
        QueueEnvelope.Recipient a = new QueueEnvelope.Recipient("a@one.example", Set.of(DsnNotify.NEVER),
                Optional.empty());
        QueueEnvelope.Recipient b = new QueueEnvelope.Recipient("b@two.example", Set.of(DsnNotify.SUCCESS),
                Optional.empty());
        QueueEnvelope.Recipient c = QueueEnvelope.Recipient.of("c@two.example");

        Envelope e = RelayEnvelope.of(queued(QueueEnvelope.Ret.HDRS, Optional.empty(), a, b, c), List.of(c, b));

        assertThat(e.recipients()).containsExactly("c@two.example", "b@two.example");
        assertThat(e.dsn().recipient(0).notifyOn()).isEmpty();
        assertThat(e.dsn().recipient(1).notifyOn()).containsExactly(DsnNotify.SUCCESS);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "bob@destination.com          | rfc822;bob@destination.com",
            "b\u00f6b@destination.com     | ",     // RFC 3461 §4.2: US-ASCII only; RFC 6533 not implemented
            "\"two words\"@destination.com  | rfc822;\"two+20words\"@destination.com",
    })
    void addedOrcpt_onlyForAnAsciiAddress(String address, String orcpt) {
        assertThat(RelayEnvelope.originalRecipient(QueueEnvelope.Recipient.of(address)))
                .isEqualTo(Optional.ofNullable(orcpt));
    }

    @Test
    void addedOrcpt_neverOver500Characters() {
        String address = "a".repeat(64) + "@" + "b".repeat(430) + ".example";
        assertThat(RelayEnvelope.originalRecipient(QueueEnvelope.Recipient.of(address))).isEmpty();
    }
}
