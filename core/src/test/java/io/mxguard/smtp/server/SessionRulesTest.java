package io.mxguard.smtp.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import io.mxguard.tls.InsecureTrustManager;
import io.mxguard.tls.TlsContexts;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The session's rules, driven byte for byte with a raw socket. */
class SessionRulesTest {

    private static String converse(ServerFixture f, String... commands) throws Exception {
        try (RawClient c = f.raw()) {
            c.reply();
            String last = null;
            for (String command : commands) {
                c.send(command + "\r\n");
                last = c.reply();
            }
            return last;
        }
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "MAIL FROM:<a@app.test>                         | 503 5.5.1",
        "EHLO app.test;RCPT TO:<b@d.test>               | 503 5.5.1",
        "EHLO app.test;DATA                             | 503 5.5.1",
        "EHLO app.test;MAIL FROM:<a@app.test>;DATA      | 554 5.5.1",
        "EHLO app.test;MAIL FROM:<a@app.test>;MAIL FROM:<a@app.test> | 503 5.5.1",
        "EHLO app.test;MAIL FROM:a@app.test             | 501 5.5.4",
        "EHLO app.test;MAIL FROM:<a@app.test> FOO=1     | 555 5.5.4",
        "EHLO app.test;MAIL FROM:<a@app.test> SIZE=1 SIZE=2 | 501 5.5.4",
        "EHLO app.test;MAIL FROM:<a@app.test> SIZE=99999999999 | 552 5.3.4",
        "EHLO app.test;MAIL FROM:<a@app.test> BODY=BINARYMIME | 555 5.5.4",
        "EHLO app.test;MAIL FROM:<jörg@app.test>        | 553 5.6.7",
        "EHLO app.test;MAIL FROM:<jörg@app.test> SMTPUTF8 | 250 2.1.0",
        "EHLO app.test;MAIL FROM:<a@app.test>;RCPT TO:<bob@x@y> | 501 5.1.3",
        "EHLO app.test;MAIL FROM:<a@app.test>;RCPT TO:<@a.test,@b.test:bob@d.test> | 250 2.1.5",
        "EHLO app.test;MAIL FROM:<a@app.test>;RCPT TO:<\"b o>b\"@d.test> | 250 2.1.5",
        "EHLO app.test;MAIL FROM:<a@app.test>;RCPT TO:<bob> | 501 5.1.3",
        "EHLO bad_name!                                 | 501 5.5.4",
        "HELO app.test;MAIL FROM:<a@app.test>           | 250 2.1.0",
        "EHLO app.test;RSET                             | 250 2.0.0",
        "NOOP                                           | 250 2.0.0",
        "VRFY bob                                       | 252 2.5.0",
        "EXPN staff                                     | 500 5.5.2",
        "AUTH PLAIN                                     | 500 5.5.2",
        "QUIT                                           | 221 2.0.0",
    })
    void command_answeredPerRfc5321(String commands, String expected) throws Exception {
        try (ServerFixture f = ServerFixture.start(ServerFixture.config())) {
            assertThat(converse(f, commands.split(";"))).startsWith(expected);
        }
    }

    @Test
    void commandLineOver512_refused_sessionGoesOn() throws Exception {
        try (ServerFixture f = ServerFixture.start(ServerFixture.config())) {
            assertThat(converse(f, "NOOP " + "x".repeat(600), "NOOP")).startsWith("250 ");
            assertThat(converse(f, "NOOP " + "x".repeat(600))).startsWith("500 5.5.2");
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "<bob@destination.test>",
        "<@relay.test,@evil.test:bob@destination.test>",
        "<bob%destination.test@relay.test>",
        "<\"bob@destination.test\"@relay.test>",
        "<bob@destination.test@relay.test>",
        "<postmaster>",
        "<bob@[127.0.0.1]>",
    })
    void clientOutsideRelayNetworks_deniedAtRcpt_whateverTheAddress(String address) throws Exception {
        try (ServerFixture f = ServerFixture.start(ServerFixture.config().withRelayNetworks("10.0.0.0/8"))) {
            assertThat(converse(f, "EHLO app.test", "MAIL FROM:<a@app.test>", "RCPT TO:" + address))
                    .isEqualTo("554 5.7.1 relaying denied for 127.0.0.1");
            assertThat(f.store.stored()).isEmpty();
        }
    }

    @Test
    void tooManyRecipients_452_messageGoesToTheFirstOnes() throws Exception {
        try (ServerFixture f = ServerFixture.start(ServerFixture.config().withMaxRecipients(2)); RawClient c = f.raw()) {
            c.reply();
            c.send("EHLO app.test\r\nMAIL FROM:<a@app.test>\r\nRCPT TO:<b1@d.test>\r\nRCPT TO:<b2@d.test>\r\n"
                    + "RCPT TO:<b3@d.test>\r\nDATA\r\n");
            assertThat(List.of(c.reply(), c.reply(), c.reply(), c.reply(), c.reply(), c.reply()))
                    .extracting(r -> r.substring(0, 9))
                    .containsExactly("250 START", "250 2.1.0", "250 2.1.5", "250 2.1.5", "452 4.5.3", "354 End d");
            c.send("Subject: x\r\n\r\nhi\r\n.\r\n");
            assertThat(c.reply()).startsWith("250 2.0.0");
            assertThat(f.store.stored().get(0).envelope().recipients()).hasSize(2);
        }
    }

    @Test
    void messageOverSizeLimit_552WhileReading_nothingStored_sessionGoesOn() throws Exception {
        try (ServerFixture f = ServerFixture.start(ServerFixture.config().withMaxMessageSize(1000));
             RawClient c = f.raw()) {
            c.reply();
            c.send("EHLO app.test\r\nMAIL FROM:<a@app.test>\r\nRCPT TO:<b@d.test>\r\nDATA\r\n");
            c.reply();
            c.reply();
            c.reply();
            assertThat(c.reply()).startsWith("354");
            c.send("Subject: big\r\n\r\n" + ("y".repeat(98) + "\r\n").repeat(13) + ".\r\n");
            assertThat(c.reply()).startsWith("552 5.3.4");
            c.send("NOOP\r\n");
            assertThat(c.reply()).startsWith("250");
            assertThat(f.store.stored()).isEmpty();
        }
    }

    @Test
    void messageFarOverSizeLimit_552AndClosed_discardingIsBoundedToo() throws Exception {
        try (ServerFixture f = ServerFixture.start(ServerFixture.config().withMaxMessageSize(1000));
             RawClient c = f.raw()) {
            c.reply();
            c.send("EHLO app.test\r\nMAIL FROM:<a@app.test>\r\nRCPT TO:<b@d.test>\r\nDATA\r\n");
            for (int i = 0; i < 4; i++) {
                c.reply();
            }
            c.send(("y".repeat(98) + "\r\n").repeat(30));
            assertThat(c.untilClosed()).first().asString().startsWith("552 5.3.4");
            assertThat(f.store.stored()).isEmpty();
        }
    }

    @Test
    void textLineOver1000_500_nothingStored_sessionGoesOn() throws Exception {
        try (ServerFixture f = ServerFixture.start(ServerFixture.config()); RawClient c = f.raw()) {
            c.reply();
            c.send("EHLO app.test\r\nMAIL FROM:<a@app.test>\r\nRCPT TO:<b@d.test>\r\nDATA\r\n");
            c.reply();
            c.reply();
            c.reply();
            c.reply();
            c.send("Subject: long\r\n\r\n" + "z".repeat(1200) + "\r\n.\r\n");
            assertThat(c.reply()).startsWith("500 5.5.2");
            c.send("NOOP\r\n");
            assertThat(c.reply()).startsWith("250");
            assertThat(f.store.stored()).isEmpty();
        }
    }

    @Test
    void dotStuffing_undone_andDotLineAloneEndsData() throws Exception {
        try (ServerFixture f = ServerFixture.start(ServerFixture.config()); RawClient c = f.raw()) {
            c.reply();
            c.send("EHLO app.test\r\nMAIL FROM:<a@app.test>\r\nRCPT TO:<b@d.test>\r\nDATA\r\n");
            for (int i = 0; i < 4; i++) {
                c.reply();
            }
            c.send("Subject: dots\r\n\r\n..\r\n...x\r\n. \r\n.\r\n");
            assertThat(c.reply()).startsWith("250 2.0.0");
            assertThat(f.store.stored().get(0).text()).endsWith("\r\n\r\n.\r\n..x\r\n \r\n");
        }
    }

    @Test
    void commandsInjectedBeforeTlsHandshake_discarded_ehloRequiredAgain() throws Exception {
        try (ServerFixture f = ServerFixture.start(ServerFixture.config()); RawClient c = f.raw()) {
            c.reply();
            c.send("EHLO app.test\r\n");
            c.reply();
            // CVE-2011-0411: a man in the middle appends plaintext commands behind STARTTLS.
            c.send("STARTTLS\r\nMAIL FROM:<evil@attacker.test>\r\nRCPT TO:<victim@destination.test>\r\n");
            assertThat(c.reply()).isEqualTo("220 2.0.0 Ready to start TLS");
            SSLSocketFactory factory = TlsContexts.clientContext(new InsecureTrustManager()).getSocketFactory();
            try (SSLSocket tls = (SSLSocket) factory.createSocket(c.socket, "relay.test", f.address().getPort(), true)) {
                tls.startHandshake();
                OutputStream out = tls.getOutputStream();
                BufferedReader in = new BufferedReader(new InputStreamReader(tls.getInputStream(), StandardCharsets.UTF_8));
                out.write("DATA\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                assertThat(in.readLine()).as("the injected MAIL did not survive").isEqualTo("503 5.5.1 need MAIL before DATA");
                out.write("MAIL FROM:<a@app.test>\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                assertThat(in.readLine()).as("EHLO required again").isEqualTo("503 5.5.1 send EHLO first");
            }
        }
    }

    @Test
    void idleClient_421AfterReadTimeout() throws Exception {
        try (ServerFixture f = ServerFixture.start(ServerFixture.config().withReadTimeout(Duration.ofMillis(300)));
             RawClient c = f.raw()) {
            c.reply();
            c.send("EHLO app.test\r\nMAIL FROM:<a@app.test>\r\nRCPT TO:<b@d.test>\r\nDATA\r\nSubject: half");
            assertThat(c.untilClosed()).last().asString().startsWith("421 4.4.2 relay.test timeout");
            assertThat(f.store.stored()).isEmpty();
        }
    }

    @Test
    void tooManySessions_421_andTheFirstStillServed() throws Exception {
        try (ServerFixture f = ServerFixture.start(ServerFixture.config().withSessionLimits(5, 1));
             RawClient first = f.raw(); RawClient second = f.raw()) {
            assertThat(first.reply()).startsWith("220 ");
            assertThat(second.untilClosed()).containsExactly("421 4.7.0 too many connections; try again later");
            first.send("NOOP\r\n");
            assertThat(first.reply()).startsWith("250");
        }
    }

    @Test
    void bareLfInCommand_500_andClosed() throws Exception {
        try (ServerFixture f = ServerFixture.start(ServerFixture.config()); RawClient c = f.raw()) {
            c.reply();
            c.send("EHLO app.test\nMAIL FROM:<a@app.test>\r\n");
            assertThat(c.untilClosed()).singleElement().asString().startsWith("500 5.5.2 line ends in a bare LF");
        }
    }

    @Test
    void close_idleSessionsTold421_newClientsRefused() throws Exception {
        ServerFixture f = ServerFixture.start(ServerFixture.config());
        try (RawClient c = f.raw()) {
            c.reply();
            c.send("EHLO app.test\r\n");
            c.reply();
            f.close();
            assertThat(c.untilClosed()).containsExactly("421 4.3.2 relay.test shutting down; closing");
        }
        try (Socket s = new Socket()) {
            s.connect(f.address(), 1000);
            assertThat(s.getInputStream().read()).isEqualTo(-1);
        } catch (java.io.IOException refused) {
            // connection refused: the listener is gone, as it should be
        }
    }
}
