package io.mxguard.lab.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The lab server's own strictness, driven by a raw socket. */
class LabMailServerTest {

    private static String talk(LabMailServer server, String script) throws Exception {
        try (Socket s = new Socket(server.address().getAddress(), server.address().getPort())) {
            s.setSoTimeout(3000);
            OutputStream out = s.getOutputStream();
            out.write(script.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            s.shutdownOutput();
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.ISO_8859_1));
            StringBuilder sb = new StringBuilder();
            for (String line; (line = in.readLine()) != null; ) {
                sb.append(line).append('\n');
            }
            return sb.toString();
        }
    }

    @Test
    void bareLfInData_smugglingAttempt_rejectedAndNothingStored() throws Exception {
        try (LabMailServer server = LabMailServer.start(LabMailServer.Config.loopback("mx.test", null))) {
            String replies = talk(server, "EHLO c\r\nMAIL FROM:<a@b>\r\nRCPT TO:<c@d>\r\nDATA\r\n"
                    + "hi\n.\r\nMAIL FROM:<evil@x>\r\nRCPT TO:<c@d>\r\nDATA\r\nsmuggled\r\n.\r\n");
            assertThat(replies).contains("354").contains("500 5.5.2");
            assertThat(server.messages()).isEmpty();
            assertThat(server.commands()).extracting(SeenCommand::line).doesNotContain("MAIL FROM:<evil@x>");
        }
    }

    @Test
    void onlyCrlfDotCrlf_endsData_andDotsAreUnstuffed() throws Exception {
        try (LabMailServer server = LabMailServer.start(LabMailServer.Config.loopback("mx.test", null))) {
            talk(server, "EHLO c\r\nMAIL FROM:<a@b>\r\nRCPT TO:<c@d>\r\nDATA\r\n..x\r\n. \r\n.\r\nQUIT\r\n");
            assertThat(new String(server.messages().get(0).data(), StandardCharsets.ISO_8859_1))
                    .isEqualTo(".x\r\n \r\n");
        }
    }

    @Test
    void noCertificate_noStartTlsAnnounced() throws Exception {
        try (LabMailServer server = LabMailServer.start(LabMailServer.Config.loopback("mx.test", null))) {
            String replies = talk(server, "EHLO c\r\nSTARTTLS\r\nQUIT\r\n");
            assertThat(replies).doesNotContain("250-STARTTLS").doesNotContain("250 STARTTLS").contains("502 5.5.1");
        }
    }

    @Test
    void dataOverSize_refusedWhileReading() throws Exception {
        try (LabMailServer server = LabMailServer.start(LabMailServer.Config.loopback("mx.test", null).withMaxSize(10))) {
            String replies = talk(server, "EHLO c\r\nMAIL FROM:<a@b>\r\nRCPT TO:<c@d>\r\nDATA\r\n"
                    + "0123456789abcdef\r\n.\r\nQUIT\r\n");
            assertThat(replies).contains("552 5.3.4");
            assertThat(server.messages()).isEmpty();
        }
    }

    @Test
    void dsnNotAnnounced_dsnParametersRefused555() throws Exception {
        try (LabMailServer server = LabMailServer.start(LabMailServer.Config.loopback("mx.test", null))) {
            String replies = talk(server, "EHLO c\r\nMAIL FROM:<a@b> RET=HDRS\r\nMAIL FROM:<a@b>\r\n"
                    + "RCPT TO:<c@d> NOTIFY=SUCCESS\r\nRCPT TO:<c@d>\r\nQUIT\r\n");
            assertThat(replies).doesNotContain("DSN").containsSubsequence("555 5.5.4 RET", "250 2.1.0",
                    "555 5.5.4 NOTIFY", "250 2.1.5");
        }
    }

    @Test
    void dsnAnnounced_validParametersTaken_malformedRefused501() throws Exception {
        try (LabMailServer server = LabMailServer.start(LabMailServer.Config.loopback("mx.test", null))) {
            server.announceDsn(true);
            String replies = talk(server, "EHLO c\r\nMAIL FROM:<a@b> ENVID=a+2b\r\n"
                    + "MAIL FROM:<a@b> RET=hdrs ENVID=QQ+2B1\r\nRCPT TO:<c@d> NOTIFY=NEVER,SUCCESS\r\n"
                    + "RCPT TO:<c@d> ORCPT=c@d\r\nRCPT TO:<c@d> NOTIFY=success,Delay ORCPT=rfc822;C+2B@d\r\n"
                    + "QUIT\r\n");
            assertThat(replies).containsPattern("250[- ]DSN\\n").containsSubsequence("501 5.5.4 bad ENVID", "250 2.1.0",
                    "501 5.5.4 bad NOTIFY", "501 5.5.4 bad ORCPT", "250 2.1.5");
            assertThat(server.commands()).extracting(SeenCommand::line)
                    .contains("RCPT TO:<c@d> NOTIFY=success,Delay ORCPT=rfc822;C+2B@d");
        }
    }
}
