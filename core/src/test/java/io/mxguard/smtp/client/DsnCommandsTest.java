package io.mxguard.smtp.client;

import io.mxguard.smtp.DsnNotify;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mxguard.smtp.Extensions;
import io.mxguard.smtp.Reply;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The RFC 3461 parameters on MAIL and RCPT: exactly as received to a server announcing DSN, none to any other. */
class DsnCommandsTest {
    private static final byte[] MESSAGE = "Subject: x\r\n\r\nhi\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final Extensions WITH_DSN = ehlo("SIZE 1000", "DSN");
    private static final Extensions WITHOUT_DSN = ehlo("SIZE 1000");

    private static final Envelope ENVELOPE = new Envelope("alice@source.com",
            List.of("bob@destination.com", "carol@destination.com", "dana@destination.com"),
            new DsnParameters(Optional.of(DsnParameters.Ret.HDRS), Optional.of("QQ+2B314159"), List.of(
                    new DsnParameters.Rcpt(Set.of(DsnNotify.DELAY, DsnNotify.SUCCESS,
                            DsnNotify.FAILURE), Optional.of("rfc822;Bob+2Btag@Destination.COM")),
                    new DsnParameters.Rcpt(Set.of(DsnNotify.NEVER), Optional.empty()),
                    DsnParameters.Rcpt.NONE)));

    private static Extensions ehlo(String... keywords) {
        List<String> lines = new java.util.ArrayList<>(List.of("mx.destination.com greets relay.source.com"));
        lines.addAll(List.of(keywords));
        return Extensions.fromEhloReply(Reply.of(250, lines));
    }

    private static String mail(Envelope e, Extensions ext) {
        return Transactions.mailCommand(e, MESSAGE, MessageCheck.needs(MESSAGE, e), ext);
    }

    @Test
    void serverAnnouncesDsn_retEnvidNotifyOrcptAsReceived() {
        assertThat(mail(ENVELOPE, WITH_DSN))
                .isEqualTo("MAIL FROM:<alice@source.com> SIZE=" + MESSAGE.length + " RET=HDRS ENVID=QQ+2B314159");
        // NOTIFY in RFC order whatever the set's; ORCPT byte for byte, case and xtext kept (RFC 3461 §5.2.1(d))
        assertThat(Transactions.rcptCommand(ENVELOPE, 0, WITH_DSN))
                .isEqualTo("RCPT TO:<bob@destination.com> NOTIFY=SUCCESS,FAILURE,DELAY "
                        + "ORCPT=rfc822;Bob+2Btag@Destination.COM");
        assertThat(Transactions.rcptCommand(ENVELOPE, 1, WITH_DSN)).isEqualTo("RCPT TO:<carol@destination.com> NOTIFY=NEVER");
        assertThat(Transactions.rcptCommand(ENVELOPE, 2, WITH_DSN)).isEqualTo("RCPT TO:<dana@destination.com>");
    }

    @Test
    void serverWithoutDsn_noneOfThem() {
        // RFC 3461 §5.2.2(a): ENVID, NOTIFY, RET, ORCPT MUST NOT be issued
        assertThat(mail(ENVELOPE, WITHOUT_DSN)).isEqualTo("MAIL FROM:<alice@source.com> SIZE=" + MESSAGE.length);
        for (int i = 0; i < 3; i++) {
            assertThat(Transactions.rcptCommand(ENVELOPE, i, WITHOUT_DSN))
                    .isEqualTo("RCPT TO:<" + ENVELOPE.recipients().get(i) + ">");
        }
    }

    @Test
    void noDsnParameters_noneSent_evenToADsnServer() {
        Envelope plain = Envelope.of("alice@source.com", "bob@destination.com");
        assertThat(mail(plain, WITH_DSN)).isEqualTo("MAIL FROM:<alice@source.com> SIZE=" + MESSAGE.length);
        assertThat(Transactions.rcptCommand(plain, 0, WITH_DSN)).isEqualTo("RCPT TO:<bob@destination.com>");
    }

    @Test
    void valuesThatWouldBreakTheCommandLine_refused() {
        assertThatThrownBy(() -> new DsnParameters(Optional.empty(), Optional.of("two words"), List.of()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DsnParameters(Optional.empty(), Optional.of("x".repeat(101)), List.of()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DsnParameters.Rcpt(Set.of(), Optional.of("rfc822;bob@x\r\nDATA")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DsnParameters.Rcpt(Set.of(), Optional.of("bob@x")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DsnParameters.Rcpt(Set.of(DsnNotify.NEVER,
                DsnNotify.FAILURE), Optional.empty())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void parametersForAnotherNumberOfRecipients_refused() {
        DsnParameters one = new DsnParameters(Optional.empty(), Optional.empty(), List.of(DsnParameters.Rcpt.NONE));
        assertThatThrownBy(() -> new Envelope("alice@source.com", List.of("a@x", "b@x"), one))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
