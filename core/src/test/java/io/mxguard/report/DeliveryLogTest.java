package io.mxguard.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.mxguard.delivery.RecipientOutcome;
import io.mxguard.delivery.RouteUsed;
import io.mxguard.delivery.TlsOutcome;
import io.mxguard.policy.Assurance;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Name;

class DeliveryLogTest {
    private static final Name MX = Name.fromConstantString("mx.destination.com.");

    private static Optional<RouteUsed> route(TlsOutcome tls) throws Exception {
        return Optional.of(new RouteUsed(MX, new InetSocketAddress(InetAddress.getByName("127.0.10.25"), 25), tls,
                false));
    }

    private static final TlsOutcome DANE_EE = new TlsOutcome(Assurance.VERIFIED, "DANE-EE", "TLSv1.3",
            "TLS_AES_256_GCM_SHA384");

    @Test
    void sent_verifiedDaneEe_postfixLine() throws Exception {
        RecipientOutcome o = new RecipientOutcome("bob@destination.com", RecipientOutcome.Status.DELIVERED, "2.0.0",
                "250 2.0.0 Ok", RecipientOutcome.Fault.NONE, route(DANE_EE));
        assertThat(DeliveryLog.text("01a2b3", o, Duration.ofMillis(1234))).isEqualTo(
                "01a2b3: to=<bob@destination.com>, relay=mx.destination.com[127.0.10.25]:25, delay=1.2, "
                        + "tls=Verified (DANE-EE) TLSv1.3, dsn=2.0.0, status=sent (250 2.0.0 Ok)");
    }

    @Test
    void deferred_noRoute_relayNone_tlsNone() {
        RecipientOutcome o = new RecipientOutcome("bob@destination.com", RecipientOutcome.Status.DEFERRED, "4.7.5",
                "MX RRset is BOGUS", RecipientOutcome.Fault.REMOTE_SITE, Optional.empty());
        assertThat(DeliveryLog.text("Q1", o, Duration.ofSeconds(300))).isEqualTo(
                "Q1: to=<bob@destination.com>, relay=none, delay=300.0, tls=None, dsn=4.7.5, "
                        + "status=deferred (MX RRset is BOGUS)");
    }

    @Test
    void bounced_untrusted_noHow() throws Exception {
        RecipientOutcome o = new RecipientOutcome("nobody@destination.com", RecipientOutcome.Status.BOUNCED, "5.1.1",
                "550 5.1.1 no such user", RecipientOutcome.Fault.REMOTE_SITE,
                route(new TlsOutcome(Assurance.UNTRUSTED, "", "TLSv1.2", "X")));
        assertThat(DeliveryLog.text("Q2", o, Duration.ZERO)).endsWith(
                "delay=0.0, tls=Untrusted TLSv1.2, dsn=5.1.1, status=bounced (550 5.1.1 no such user)");
    }

    @Test
    void expiredByTheQueue_statusExpired_inBothForms() {
        // the queue bounced it because its lifetime ended: Postfix's word for that is "expired", not "deferred"
        RecipientOutcome o = new RecipientOutcome("bob@destination.com", RecipientOutcome.Status.BOUNCED, "4.7.5",
                "message expired after 5 days in the queue; last error: MX RRset is BOGUS",
                RecipientOutcome.Fault.REMOTE_SITE, Optional.empty());
        assertThat(DeliveryLog.line(DeliveryLog.Format.TEXT, "Q3", o, Duration.ofSeconds(2), true)).isEqualTo(
                "Q3: to=<bob@destination.com>, relay=none, delay=2.0, tls=None, dsn=4.7.5, "
                        + "status=expired (message expired after 5 days in the queue; last error: MX RRset is BOGUS)");
        assertThat(DeliveryLog.line(DeliveryLog.Format.JSON, "Q3", o, Duration.ZERO, true))
                .contains("\"status\":\"expired\"");
        assertThat(DeliveryLog.line(DeliveryLog.Format.TEXT, "Q3", o, Duration.ZERO, false))
                .contains("status=bounced (");
    }

    @Test
    void remoteReplyWithNewline_staysOneLine() {
        RecipientOutcome o = new RecipientOutcome("bob@destination.com", RecipientOutcome.Status.DEFERRED, "4.0.0",
                "451 oops\r\nQ9: to=<x>, status=sent", RecipientOutcome.Fault.REMOTE_SITE, Optional.empty());
        assertThat(DeliveryLog.text("Q1", o, Duration.ZERO)).doesNotContain("\n").doesNotContain("\r");
        assertThat(DeliveryLog.json("Q1", o, Duration.ZERO)).doesNotContain("\n")
                .contains("\"reason\":\"451 oops\\r\\nQ9: to=<x>, status=sent\"");
    }

    @Test
    void json_sent_allFields() throws Exception {
        RecipientOutcome o = new RecipientOutcome("bob@destination.com", RecipientOutcome.Status.DELIVERED, "2.0.0",
                "250 2.0.0 \"Ok\"", RecipientOutcome.Fault.NONE, route(DANE_EE));
        assertThat(DeliveryLog.line(DeliveryLog.Format.JSON, "01a2b3", o, Duration.ofMillis(1250))).isEqualTo(
                "{\"queueId\":\"01a2b3\",\"to\":\"bob@destination.com\",\"relay\":\"mx.destination.com[127.0.10.25]:25\","
                        + "\"mx\":\"mx.destination.com\",\"address\":\"127.0.10.25\",\"port\":25,\"delay\":1.2,"
                        + "\"tls\":\"Verified\",\"tlsAuthentication\":\"DANE-EE\",\"tlsProtocol\":\"TLSv1.3\","
                        + "\"tlsCipher\":\"TLS_AES_256_GCM_SHA384\",\"dsn\":\"2.0.0\",\"status\":\"sent\","
                        + "\"reason\":\"250 2.0.0 \\\"Ok\\\"\",\"fault\":\"none\"}");
    }

    @Test
    void format_parse() {
        assertThat(DeliveryLog.Format.parse("JSON")).contains(DeliveryLog.Format.JSON);
        assertThat(DeliveryLog.Format.parse("text")).contains(DeliveryLog.Format.TEXT);
        assertThat(DeliveryLog.Format.parse("syslog")).isEmpty();
    }
}
