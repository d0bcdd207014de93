package io.mxguard.smtp.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * SMTP smuggling (CVE-2023-51764 and kin): a message whose text holds a bare CR or LF is refused whole
 * with 550 5.6.11, nothing is stored, and the commands hidden behind a fake end of data never run.
 */
class SmugglingTest {

    static Stream<Arguments> variants() {
        return Stream.of(
                Arguments.of("LF.LF", "body\n.\n"),
                Arguments.of("CRLF.LF", "body\r\n.\n"),
                Arguments.of("LF.CRLF", "body\n.\r\n"),
                Arguments.of("CR.CRLF", "body\r.\r\n"),
                Arguments.of("CRLF.CR", "body\r\n.\r"),
                Arguments.of("CR.CR", "body\r.\r"),
                Arguments.of("bare LF in a header", "X-Test: a\nb\r\n"),
                Arguments.of("bare CR in the body", "one\rtwo\r\n"),
                Arguments.of("bare LF line, then .CRLF", "\n.\r\n"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    void bareCrOrLf_wholeMessageRefused_nothingStored_noSecondMessage(String name, String trick) throws Exception {
        try (ServerFixture f = ServerFixture.start(ServerFixture.config()); RawClient c = f.raw()) {
            c.reply();
            c.send("EHLO attacker.test\r\nMAIL FROM:<alice@app.test>\r\nRCPT TO:<bob@destination.test>\r\nDATA\r\n");
            assertThat(List.of(c.reply(), c.reply(), c.reply(), c.reply()))
                    .extracting(r -> r.substring(0, 3)).containsExactly("250", "250", "250", "354");
            // The fake end of data, then a whole smuggled transaction, then the real end of data.
            c.send("Subject: first\r\n\r\n" + trick
                    + "MAIL FROM:<ceo@bank.test>\r\nRCPT TO:<victim@destination.test>\r\nDATA\r\n"
                    + "Subject: smuggled\r\n\r\nsend money\r\n.\r\nQUIT\r\n");

            List<String> transcript = c.untilClosed();

            assertThat(transcript).as("transcript").first().asString().startsWith("550 5.6.11 ");
            assertThat(transcript).as("transcript").noneMatch(l -> l.startsWith("250") || l.startsWith("354"));
            assertThat(f.store.stored()).as("stored").isEmpty();
        }
    }
}
