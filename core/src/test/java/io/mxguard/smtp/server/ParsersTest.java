package io.mxguard.smtp.server;

import io.mxguard.smtp.DsnNotify;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.mxguard.queue.QueueEnvelope;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** MailPath and Parameters: the pure readers of MAIL and RCPT arguments. */
class ParsersTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "<bob@example.com>                        | bob@example.com",
        "<>                                       | ''",
        "<@a.example,@b.example:bob@example.com>  | bob@example.com",
        "<\"bob smith\"@example.com>              | \"bob smith\"@example.com",
        "<\"a\\\"b\"@example.com>                 | \"a\\\"b\"@example.com",
        "<bob%x@example.com>                      | bob%x@example.com",
        "<bob@[192.0.2.1]>                        | bob@[192.0.2.1]",
        "<bob@[IPv6:2001:db8::1]>                 | bob@[IPv6:2001:db8::1]",
    })
    void mailbox_accepted(String path, String mailbox) throws Exception {
        MailPath.Split split = MailPath.split(path);
        assertThat(MailPath.mailbox(split.path(), false)).isEqualTo(mailbox);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "bob@example.com", "<bob@example.com", "<bob@x@example.com>", "<bob>", "<@example.com>", "<.bob@example.com>",
        "<bob.@example.com>", "<bob..b@example.com>", "<bob@-example.com>", "<bob@exa_mple.com>",
        "<bob@[300.1.1.1]>", "<bob@example.com>SIZE=1", "<bo b@example.com>", "<@:bob@example.com>", "<@a.example;bob@example.com>",
    })
    void mailbox_refused(String path) {
        Refusal r = catchThrowableOfType(() -> MailPath.mailbox(MailPath.split(path).path(), false), Refusal.class);
        assertThat(r).as(path).isNotNull();
        assertThat(r.reply().code()).isEqualTo(501);
    }

    @Test
    void mailbox_localPartOver64_refused() {
        assertThat(catchThrowableOfType(() -> MailPath.mailbox("x".repeat(65) + "@example.com", false),
                Refusal.class)).isNotNull();
    }

    @Test
    void mailParameters_allRead() throws Exception {
        Parameters.Mail m = Parameters.mail("size=10 BODY=8bitmime SMTPUTF8 RET=HDRS ENVID=a+2Bb REQUIRETLS", 100, true);
        assertThat(m).isEqualTo(new Parameters.Mail(10, true, true, QueueEnvelope.Ret.HDRS,
                java.util.Optional.of("a+2Bb"), true));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "SIZE=101         | 552", "SIZE=x | 501", "SIZE | 501", "BODY=BINARYMIME | 555", "SMTPUTF8=yes | 501",
        "RET=ALL          | 501", "ENVID=a=b | 501", "ENVID=a+2b | 501", "REQUIRETLS | 555", "AUTH=<> | 555",
        "SIZE=1  SIZE=1   | 501", "size=1 SIZE=2 | 501", "SIZE= | 501",
    })
    void mailParameters_refused(String text, int code) {
        Refusal r = catchThrowableOfType(() -> Parameters.mail(text, 100, false), Refusal.class);
        assertThat(r).as(text).isNotNull();
        assertThat(r.reply().code()).isEqualTo(code);
    }

    @Test
    void rcptParameters_notifyAndOrcpt() throws Exception {
        Parameters.Rcpt r = Parameters.rcpt("NOTIFY=failure,Delay ORCPT=rfc822;bob+40example.com");
        assertThat(r.notifyOn()).isEqualTo(Set.of(DsnNotify.FAILURE, DsnNotify.DELAY));
        assertThat(r.originalRecipient()).hasValue("rfc822;bob+40example.com");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"NOTIFY=NEVER,FAILURE", "NOTIFY=SOMETIMES", "ORCPT=bob@example.com",
        "ORCPT=rfc822;a b", "ORCPT=;x", "FOO=1"})
    void rcptParameters_refused(String text) {
        assertThat(catchThrowableOfType(() -> Parameters.rcpt(text), Refusal.class)).as(text).isNotNull();
    }
}
