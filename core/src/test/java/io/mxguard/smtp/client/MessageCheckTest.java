package io.mxguard.smtp.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class MessageCheckTest {

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "a\\nb\\r\\n|bare LF",
        "a\\rb\\r\\n|bare CR",
        "a\\r|bare CR",
        "a\\r\\n.\\n|bare LF",
    })
    void smugglingShapedInput_isRefused(String input, String expected) {
        assertThat(MessageCheck.problem(b(input.replace("\\n", "\n").replace("\\r", "\r")))).hasValueSatisfying(
                p -> assertThat(p).contains(expected));
    }

    @Test
    void crlfInput_isAccepted_andLineBoundApplies() {
        assertThat(MessageCheck.problem(b("a\r\nb\r\n"))).isEmpty();
        assertThat(MessageCheck.problem(b("x".repeat(998) + "\r\n"))).isEmpty();
        assertThat(MessageCheck.problem(b("x".repeat(999) + "\r\n"))).isPresent();
        assertThat(MessageCheck.problem(b("x".repeat(999)))).isPresent();
    }

    @Test
    void dataBlock_dotStuffsAndTerminates() {
        assertThat(new String(MessageCheck.dataBlock(b(".a\r\n.\r\nb.\r\n")), StandardCharsets.ISO_8859_1))
                .isEqualTo("..a\r\n..\r\nb.\r\n.\r\n");
        assertThat(new String(MessageCheck.dataBlock(b("no end")), StandardCharsets.ISO_8859_1))
                .isEqualTo("no end\r\n.\r\n");
        assertThat(new String(MessageCheck.dataBlock(new byte[0]), StandardCharsets.ISO_8859_1)).isEqualTo(".\r\n");
    }

    @Test
    void addresses_thatWouldInjectCommands_areRefused() {
        assertThat(MessageCheck.addressProblem("a@b>\r\nRCPT TO:<evil@x")).isPresent();
        assertThat(MessageCheck.addressProblem("a b@c")).isPresent();
        assertThat(MessageCheck.addressProblem("alice@source.com")).isEmpty();
        assertThat(MessageCheck.addressProblem("")).isEmpty(); // the null reverse path
    }

    @Test
    void needs_eightBitAndUtf8() {
        var plain = MessageCheck.needs(b("a\r\n"), Envelope.of("a@b", "c@d"));
        assertThat(plain).isEqualTo(new MessageCheck.Needs(false, false));
        var both = MessageCheck.needs("\u00e9\r\n".getBytes(StandardCharsets.UTF_8), Envelope.of("a@b", "\u00fc@d"));
        assertThat(both).isEqualTo(new MessageCheck.Needs(true, true));
    }
}
