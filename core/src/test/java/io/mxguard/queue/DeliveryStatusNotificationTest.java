package io.mxguard.queue;

import io.mxguard.smtp.DsnNotify;
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
    void remoteMta_namesTheServerThatAnswered_onlyWhenOneDid() {
        QueuedMessage m = original(QueueEnvelope.Ret.HDRS);
        Entry answered = new Entry(entry(Action.FAILED, "5.1.1", "550 5.1.1 no such user").state(), Action.FAILED,
                Optional.of("mx.destination.com"));
        assertThat(build(m, answered)).contains("Status: 5.1.1\r\nRemote-MTA: dns; mx.destination.com\r\n");
        assertThat(build(m, entry(Action.FAILED, "4.7.5", "MX lookup failed (BOGUS)"))).doesNotContain("Remote-MTA");
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

    @Test
    void longHostname_boundaryAtMost70Characters_andUsedThroughout() {
        String mta = "relay-" + "x".repeat(57) + ".source.com"; // 63-character label: a legal host name
        QueueConfig config = QueueConfig.defaults(mta);
        String dsn = new String(DeliveryStatusNotification.build(original(QueueEnvelope.Ret.HDRS),
                List.of(entry(Action.FAILED, "5.1.1", "550 5.1.1 no such user")), config, ARRIVAL,
                "0192a3b4c5d6-9f3a1b2c4d5e6f70.dsn"), StandardCharsets.UTF_8);

        java.util.regex.Matcher b = java.util.regex.Pattern.compile("boundary=\"([^\"]*)\"").matcher(dsn);
        assertThat(b.find()).isTrue();
        String boundary = b.group(1);
        // RFC 2046 §5.1.1: 1 to 70 characters
        assertThat(boundary).hasSizeBetween(1, 70).startsWith("0192a3b4c5d6-9f3a1b2c4d5e6f70.dsn/relay-");
        assertThat(dsn.split("\r\n--" + java.util.regex.Pattern.quote(boundary) + "\r\n", -1)).hasSize(4);
        assertThat(dsn).endsWith("\r\n--" + boundary + "--\r\n");
        assertThat(DeliveryStatusNotification.boundary("id.dsn", "relay.source.com")).isEqualTo("id.dsn/relay.source.com");
    }

    @Test
    void eightBitOriginal_returnedPartSays8bit_sevenBitSaysNothing() {
        byte[] eightBit = "From: alice@source.com\r\nSubject: caf\u00e9\r\n\r\nGr\u00fc\u00dfe\r\n"
                .getBytes(StandardCharsets.UTF_8);
        QueueEnvelope e = new QueueEnvelope("alice@source.com", List.of(QueueEnvelope.Recipient.of(
                "bob@destination.com")), Optional.empty(), QueueEnvelope.Ret.FULL, false, "client.example [127.0.0.1]");
        String dsn = new String(DeliveryStatusNotification.build(queuedFresh(e, eightBit),
                List.of(entry(Action.FAILED, "5.1.1", "550 5.1.1 no such user")), CONFIG, ARRIVAL, "id.dsn"),
                StandardCharsets.UTF_8);

        // RFC 2046 §5.2.1, RFC 6522: 7bit is the default, so 8-bit content must be labelled
        assertThat(dsn).contains("Content-Type: message/rfc822\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
                + new String(eightBit, StandardCharsets.UTF_8));
        assertThat(build(original(QueueEnvelope.Ret.FULL), entry(Action.FAILED, "5.1.1", "550 5.1.1 no such user")))
                .doesNotContain("Content-Transfer-Encoding");
    }

    @Test
    void envidAndOrcpt_decodedFromXtext_inTheReport() {
        QueueEnvelope e = new QueueEnvelope("alice@source.com", List.of(new QueueEnvelope.Recipient(
                "bob@destination.com", java.util.Set.of(DsnNotify.FAILURE),
                Optional.of("rfc822;Bob+2Btag@Destination.COM"))), Optional.of("QQ+2B314159+3D"),
                QueueEnvelope.Ret.HDRS, false, "client.example [127.0.0.1]");
        Entry failed = new Entry(new RecipientState(e.recipients().get(0), RecipientState.Status.BOUNCED, "5.1.1",
                "550 5.1.1 no such user", Optional.of(ARRIVAL)), Action.FAILED);

        String dsn = build(queuedFresh(e, SpoolTest.content("x")), failed);

        // RFC 3461 §6.3(a): the MTA must decode the xtext; (d): the address type stays as given
        assertThat(dsn).contains("Original-Envelope-Id: QQ+314159=\r\n")
                .contains("Original-Recipient: rfc822;Bob+tag@Destination.COM\r\n");
    }

    @Test
    void relayed_successReport_headersOnly_noFailureWording() {
        Entry relayed = new Entry(new RecipientState(QueueEnvelope.Recipient.of("bob@destination.com"),
                RecipientState.Status.DELIVERED, "2.0.0", "250 2.0.0 Ok", Optional.of(ARRIVAL)), Action.RELAYED);

        String dsn = build(original(QueueEnvelope.Ret.FULL), relayed);

        assertThat(dsn).contains("Subject: Successful Mail Delivery Report\r\n", "Action: relayed\r\n",
                "Status: 2.0.0\r\n", "Content-Type: text/rfc822-headers\r\n").doesNotContain("Hello");
    }

    private static QueuedMessage queuedFresh(QueueEnvelope e, byte[] content) {
        return QueuedMessage.fresh("id", e, ARRIVAL, content);
    }
}
