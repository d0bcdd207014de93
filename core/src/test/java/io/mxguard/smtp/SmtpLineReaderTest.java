package io.mxguard.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SmtpLineReaderTest {

    private static SmtpLineReader strict(String wire, int max) {
        return new SmtpLineReader(new ByteArrayInputStream(wire.getBytes(StandardCharsets.ISO_8859_1)), max,
                SmtpLineReader.Mode.STRICT);
    }

    @Test
    void strict_bareLf_isSmugglingShaped_refused() {
        assertThatThrownBy(() -> strict("hello\n.\r\n", 1000).readLine())
                .isInstanceOfSatisfying(SmtpProtocolException.class,
                        e -> assertThat(e.violation()).isEqualTo(SmtpProtocolException.Violation.BARE_LF));
    }

    @Test
    void strict_crlfLines_andBufferedRest() throws Exception {
        SmtpLineReader r = strict("MAIL FROM:<a@b>\r\nRCPT TO:<c@d>\r\n", 1000);
        assertThat(new String(r.readLine(), StandardCharsets.US_ASCII)).isEqualTo("MAIL FROM:<a@b>");
        assertThat(r.hasBufferedInput()).isTrue();
        assertThat(new String(r.readLine(), StandardCharsets.US_ASCII)).isEqualTo("RCPT TO:<c@d>");
        assertThat(r.hasBufferedInput()).isFalse();
        assertThat(r.readLine()).isNull();
    }

    @Test
    void limitCountsCrlf() throws Exception {
        assertThat(strict("x".repeat(998) + "\r\n", 1000).readLine()).hasSize(998);
        assertThatThrownBy(() -> strict("x".repeat(999) + "\r\n", 1000).readLine())
                .isInstanceOf(SmtpProtocolException.class);
    }

    @Test
    void maxLength_isRequiredAndSane() {
        assertThatThrownBy(() -> new SmtpLineReader(new ByteArrayInputStream(new byte[0]), 0, SmtpLineReader.Mode.STRICT))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
