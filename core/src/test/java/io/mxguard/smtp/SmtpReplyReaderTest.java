package io.mxguard.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SmtpReplyReaderTest {

    private static SmtpReplyReader reader(String wire) {
        return reader(wire, 2048, 100, 64 * 1024);
    }

    private static SmtpReplyReader reader(String wire, int maxLine, int maxLines, int maxBytes) {
        return new SmtpReplyReader(new SmtpLineReader(new ByteArrayInputStream(wire.getBytes(StandardCharsets.UTF_8)),
                maxLine, SmtpLineReader.Mode.LENIENT_LF), maxLines, maxBytes);
    }

    @Test
    void multiLineReply_withEnhancedStatus_parsed() throws Exception {
        Reply r = reader("250-mx.example greets you\r\n250-PIPELINING\r\n250 SIZE 1000\r\n").read();
        assertThat(r.code()).isEqualTo(250);
        assertThat(r.lines()).containsExactly("mx.example greets you", "PIPELINING", "SIZE 1000");
        Extensions ext = Extensions.fromEhloReply(r);
        assertThat(ext.pipelining()).isTrue();
        assertThat(ext.sizeLimit()).hasValue(1000);
        Reply bad = reader("550 5.1.1 no such user\r\n").read();
        assertThat(bad.enhancedStatus()).contains(new EnhancedStatus(5, 1, 1));
        assertThat(bad.isPermanentNegative()).isTrue();
    }

    @Test
    void bareCodeLine_andLfOnly_accepted() throws Exception {
        Reply r = reader("221\n").read();
        assertThat(r.code()).isEqualTo(221);
        assertThat(r.lines()).containsExactly("");
    }

    @Test
    void enhancedStatus_ofOtherClass_isIgnored() throws Exception {
        assertThat(reader("450 5.1.1 odd\r\n").read().enhancedStatus()).isEmpty();
    }

    @Test
    void garbage_isMalformedReply() {
        assertThatThrownBy(() -> reader("HTTP/1.1 400 Bad Request\r\n").read())
                .isInstanceOfSatisfying(SmtpProtocolException.class,
                        e -> assertThat(e.violation()).isEqualTo(SmtpProtocolException.Violation.MALFORMED_REPLY));
        assertThatThrownBy(() -> reader("250x\r\n").read()).isInstanceOf(SmtpProtocolException.class);
        assertThatThrownBy(() -> reader("199 too low\r\n").read()).isInstanceOf(SmtpProtocolException.class);
        assertThatThrownBy(() -> reader("25\r\n").read()).isInstanceOf(SmtpProtocolException.class);
    }

    @Test
    void codeChangesMidReply_isCodeMismatch() {
        assertThatThrownBy(() -> reader("250-a\r\n220 b\r\n").read())
                .isInstanceOfSatisfying(SmtpProtocolException.class,
                        e -> assertThat(e.violation()).isEqualTo(SmtpProtocolException.Violation.CODE_MISMATCH));
    }

    @Test
    void endlessMultiline_stopsAtLineBound() {
        String wire = "250-x\r\n".repeat(1000);
        assertThatThrownBy(() -> reader(wire, 2048, 100, 1 << 20).read())
                .isInstanceOfSatisfying(SmtpProtocolException.class,
                        e -> assertThat(e.violation()).isEqualTo(SmtpProtocolException.Violation.TOO_MANY_LINES));
        assertThatThrownBy(() -> reader("250-" + "x".repeat(500) + "\r\n".repeat(1) + "250-y\r\n".repeat(200), 2048,
                1000, 1024).read())
                .isInstanceOfSatisfying(SmtpProtocolException.class,
                        e -> assertThat(e.violation()).isEqualTo(SmtpProtocolException.Violation.REPLY_TOO_LARGE));
    }

    @Test
    void longLine_isRefusedAtTheBound() throws Exception {
        String ok = "250 " + "x".repeat(2048 - 6) + "\r\n"; // exactly 2048 octets with CRLF
        assertThat(reader(ok).read().code()).isEqualTo(250);
        String tooLong = "250 " + "x".repeat(2048 - 5) + "\r\n";
        assertThatThrownBy(() -> reader(tooLong).read())
                .isInstanceOfSatisfying(SmtpProtocolException.class,
                        e -> assertThat(e.violation()).isEqualTo(SmtpProtocolException.Violation.LINE_TOO_LONG));
    }

    @Test
    void closeMidReply_isEof() {
        assertThatThrownBy(() -> reader("250-first\r\n").read()).isInstanceOf(EOFException.class);
        assertThatThrownBy(() -> reader("250 no newline").read()).isInstanceOf(EOFException.class);
        assertThatThrownBy(() -> reader("").read()).isInstanceOf(EOFException.class);
    }

    @Test
    void bareCr_isRefused() {
        assertThatThrownBy(() -> reader("250 a\rb\r\n").read())
                .isInstanceOfSatisfying(SmtpProtocolException.class,
                        e -> assertThat(e.violation()).isEqualTo(SmtpProtocolException.Violation.BARE_CR));
    }
}
