package io.mxguard.queue;

import static org.assertj.core.api.Assertions.assertThat;

import io.mxguard.queue.DeliveryStatusNotification.Action;
import io.mxguard.queue.DeliveryStatusNotification.Entry;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DeliveryStatusNotificationTest {
    private static final Instant ARRIVAL = Instant.parse("2024-05-01T10:00:00Z");
    private static final QueueConfig CONFIG = QueueConfig.defaults("relay.source.com");

    private static QueuedMessage original(QueueEnvelope.Ret ret) {
        QueueEnvelope e = new QueueEnvelope("alice@source.com", List.of(QueueEnvelope.Recipient.of(
                "bob@destination.com")), Optional.empty(), ret, false, "client.example [127.0.0.1]");
        return QueuedMessage.fresh("id", e, ARRIVAL, SpoolTest.content("numbers"));
    }

    private static Entry entry(Action action, String status, String reason) {
        return new Entry(new RecipientState(QueueEnvelope.Recipient.of("bob@destination.com"),
                action == Action.FAILED ? RecipientState.Status.BOUNCED : RecipientState.Status.DEFERRED, status,
                reason, Optional.of(ARRIVAL)), action);
    }

    private static String build(QueuedMessage m, Entry e) {
        return new String(DeliveryStatusNotification.build(m, List.of(e), CONFIG, ARRIVAL, "id.dsn"),
                StandardCharsets.UTF_8);
    }

    @Test
    void returnedMessage_isTheOriginalByteForByte_thenTheClosingBoundary() {
        QueuedMessage m = original(QueueEnvelope.Ret.DEFAULT);
        String dsn = build(m, entry(Action.FAILED, "5.1.1", "550 5.1.1 no such user"));

        String original = new String(m.content(), StandardCharsets.US_ASCII);
        assertThat(original).endsWith("Hello\r\n");
        // RFC 2046 §5.1.1: the CRLF before "--boundary" is part of the boundary, not of the returned message
        assertThat(dsn).endsWith("Content-Type: message/rfc822\r\n\r\n" + original
                + "\r\n--id.dsn/relay.source.com--\r\n");
    }

    @Test
    void returnedHeaders_keepTheirLastCrlf() {
        String dsn = build(original(QueueEnvelope.Ret.HDRS), entry(Action.FAILED, "5.1.1", "550 5.1.1 no such user"));

        assertThat(dsn).endsWith("Content-Type: text/rfc822-headers\r\n\r\n"
                + "From: alice@source.com\r\nTo: bob@destination.com\r\nSubject: numbers\r\n"
                + "\r\n--id.dsn/relay.source.com--\r\n");
    }

    @Test
    void longReasonAndLongAddress_everyLineFitsSmtp_soTheDsnCanBeSent() {
        // a null-sender DSN that cannot be sent is lost: SmtpClient refuses lines over 1000 octets (RFC 5321
        // §4.5.3.1.6), and nobody is told
        String address = "a".repeat(64) + "@" + "sub.".repeat(45) + "destination.com";
        QueueEnvelope e = new QueueEnvelope("alice@source.com", List.of(QueueEnvelope.Recipient.of(address)),
                Optional.empty(), QueueEnvelope.Ret.DEFAULT, false, "client.example [127.0.0.1]");
        QueuedMessage m = QueuedMessage.fresh("id", e, ARRIVAL, SpoolTest.content("numbers"));
        String reason = "every MX host failed: " + "mx.destination.com[192.0.2.1]:25: 421 4.4.2 timeout; ".repeat(40);
        Entry failed = new Entry(new RecipientState(QueueEnvelope.Recipient.of(address), RecipientState.Status.BOUNCED,
                "4.4.2", reason, Optional.of(ARRIVAL)), Action.FAILED);

        String dsn = build(m, failed);

        assertThat(dsn.split("\r\n")).allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(998));
        assertThat(dsn).contains("Final-Recipient: rfc822; " + address + "\r\n");
    }

    @Test
    void nonAsciiReply_isUsAsciiInTheReport() {
        String dsn = build(original(QueueEnvelope.Ret.HDRS),
                entry(Action.FAILED, "5.1.1", "550 5.1.1 Empf\u00e4nger unbekannt"));

        // the text part says charset=us-ascii, and delivery-status fields are US-ASCII (RFC 3464 §2.1)
        assertThat(dsn).contains("Diagnostic-Code: smtp; 550 5.1.1 Empf?nger unbekannt\r\n");
        assertThat(dsn.chars()).allMatch(c -> c < 0x80);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "550 5.1.1 no such user                                                  | smtp",
            "451 4.7.1 try again later                                               | smtp",
            "554                                                                     | smtp",
            "MX lookup failed: MX lookup for destination.com. failed (BOGUS)        | X-mxguard",
            "message expired after 5 days in the queue; last error: 451 4.1.1 later | X-mxguard",
            "mx.destination.com rejected MAIL with \"550 5.7.1 go away\"            | X-mxguard",
            "5500 not a reply                                                        | X-mxguard",
    })
    void diagnosticType_smtpOnlyForAnSmtpReply(String reason, String type) {
        assertThat(DeliveryStatusNotification.diagnosticType(reason)).isEqualTo(type);
    }

    @Test
    void ownReason_isNotLabelledAsAnSmtpReply() {
        String dsn = build(original(QueueEnvelope.Ret.HDRS), entry(Action.FAILED, "4.7.5",
                "message expired after 5 days in the queue; last error: DANE authentication failed"));

        assertThat(dsn).contains("Diagnostic-Code: X-mxguard; message expired after 5 days in the queue; "
                + "last error: DANE authentication failed\r\n");
    }
}
