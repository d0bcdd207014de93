package io.mxguard.smtp.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.mxguard.smtp.server.auth.PasswordHash;
import io.mxguard.smtp.server.auth.UsersFile;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** AUTH (RFC 4954): only over TLS, and the only way in for a client outside the relay networks. */
class AuthTest {
    static final UsersFile USERS = users();

    private static UsersFile users() {
        try {
            return UsersFile.parse("test-users", List.of(
                    "bob:" + PasswordHash.create("secret".toCharArray(), 10_000).encoded()));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /**
     * outsider - a server that relays only for 10.0.0.0/8, so the loopback client may relay only after AUTH;
     * a failed AUTH does not really wait (SessionAuthTest checks the pause).
     */
    static ServerConfig outsider() {
        return ServerFixture.config().withRelayNetworks("10.0.0.0/8").withUsers(USERS).withAuthPause(d -> { });
    }

    static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void beforeTls_authNotOffered_andRefused538() throws Exception {
        try (ServerFixture f = ServerFixture.start(outsider()); RawClient c = f.raw()) {
            c.reply();
            c.send("EHLO app.test\r\n");
            List<String> ehlo = new java.util.ArrayList<>();
            for (String l = c.line(); ; l = c.line()) {
                ehlo.add(l);
                if (l.charAt(3) == ' ') {
                    break;
                }
            }
            assertThat(ehlo).noneMatch(l -> l.contains("AUTH"));
            c.send("AUTH PLAIN " + b64("\0bob\0secret") + "\r\n");
            assertThat(c.reply()).isEqualTo("538 5.7.11 Encryption required for requested authentication mechanism");
            c.send("MAIL FROM:<a@app.test>\r\nRCPT TO:<bob@destination.test>\r\n");
            c.reply();
            assertThat(c.reply()).as("a refused AUTH opens nothing").startsWith("554 5.7.1");
        }
    }

    @Test
    void afterTls_authPlainLoginAdvertised() throws Exception {
        try (ServerFixture f = ServerFixture.start(outsider()); TlsClient c = TlsClient.open(f)) {
            assertThat(c.ehlo()).contains("AUTH PLAIN LOGIN");
        }
        try (ServerFixture f = ServerFixture.start(ServerFixture.config()); TlsClient c = TlsClient.open(f)) {
            assertThat(c.ehlo()).as("no users file, no AUTH").noneMatch(l -> l.startsWith("AUTH"));
        }
    }

    @Test
    void plainInitialResponse_outsideRelayNetworks_relaysAsEsmtpsa() throws Exception {
        try (ServerFixture f = ServerFixture.start(outsider()); TlsClient c = TlsClient.open(f)) {
            c.ehlo();
            assertThat(c.ask("MAIL FROM:<a@app.test>")).startsWith("250");
            assertThat(c.ask("RCPT TO:<bob@destination.test>")).isEqualTo("554 5.7.1 relaying denied for 127.0.0.1");
            assertThat(c.ask("RSET")).startsWith("250");
            assertThat(c.ask("AUTH PLAIN " + b64("\0bob\0secret"))).isEqualTo("235 2.7.0 Authentication successful");
            assertThat(c.ask("MAIL FROM:<a@app.test>")).startsWith("250");
            assertThat(c.ask("RCPT TO:<bob@destination.test>")).startsWith("250 2.1.5");
            assertThat(c.ask("DATA")).startsWith("354");
            assertThat(c.ask("Subject: hi\r\n\r\nhello\r\n.")).startsWith("250 2.0.0 Ok: queued as Q1");
        }
        // (the fixture is closed; its store is still readable)
    }

    @Test
    void plainAuthenticated_receivedSaysEsmtpsa_envelopeNamesTheUser_headerDoesNot() throws Exception {
        try (ServerFixture f = ServerFixture.start(outsider()); TlsClient c = TlsClient.open(f)) {
            c.ehlo();
            c.ask("AUTH PLAIN " + b64("bob\0bob\0secret"));
            c.ask("MAIL FROM:<a@app.test>");
            c.ask("RCPT TO:<bob@destination.test>");
            c.ask("DATA");
            assertThat(c.ask("Subject: hi\r\n\r\nhello\r\n.")).startsWith("250 2.0.0");
            assertThat(f.store.stored()).singleElement().satisfies(s -> {
                assertThat(s.text()).contains(" with ESMTPSA id ").doesNotContain("authenticated");
                assertThat(s.envelope().receivedFrom()).isEqualTo("app.test ([127.0.0.1]) authenticated as bob");
            });
        }
    }

    @Test
    void plainWithContinuation_succeeds() throws Exception {
        try (ServerFixture f = ServerFixture.start(outsider()); TlsClient c = TlsClient.open(f)) {
            c.ehlo();
            assertThat(c.ask("AUTH PLAIN")).isEqualTo("334 ");
            assertThat(c.ask(b64("\0bob\0secret"))).startsWith("235 2.7.0");
            c.ask("MAIL FROM:<a@app.test>");
            assertThat(c.ask("RCPT TO:<bob@destination.test>")).startsWith("250 2.1.5");
        }
    }

    @Test
    void login_succeeds_andAllowsRelaying() throws Exception {
        try (ServerFixture f = ServerFixture.start(outsider()); TlsClient c = TlsClient.open(f)) {
            c.ehlo();
            assertThat(c.ask("AUTH LOGIN")).isEqualTo("334 VXNlcm5hbWU6");
            assertThat(c.ask(b64("bob"))).isEqualTo("334 UGFzc3dvcmQ6");
            assertThat(c.ask(b64("secret"))).isEqualTo("235 2.7.0 Authentication successful");
            c.ask("MAIL FROM:<a@app.test>");
            assertThat(c.ask("RCPT TO:<bob@destination.test>")).startsWith("250 2.1.5");
            assertThat(c.ask("AUTH PLAIN " + b64("\0bob\0secret"))).as("one AUTH per session")
                    .startsWith("503 5.5.1");
        }
    }

    @Test
    void wrongPassword_535_nothingRelayed() throws Exception {
        try (ServerFixture f = ServerFixture.start(outsider()); TlsClient c = TlsClient.open(f)) {
            c.ehlo();
            assertThat(c.ask("AUTH PLAIN " + b64("\0bob\0wrong"))).isEqualTo("535 5.7.8 Authentication credentials invalid");
            assertThat(c.ask("AUTH LOGIN " + b64("mallory"))).startsWith("334");
            assertThat(c.ask(b64("secret"))).as("unknown user, same answer").startsWith("535 5.7.8");
            c.ask("MAIL FROM:<a@app.test>");
            assertThat(c.ask("RCPT TO:<bob@destination.test>")).startsWith("554 5.7.1");
            assertThat(c.ask("DATA")).startsWith("554");
        }
    }

    @Test
    void authzidForSomeoneElse_535() throws Exception {
        try (ServerFixture f = ServerFixture.start(outsider()); TlsClient c = TlsClient.open(f)) {
            c.ehlo();
            assertThat(c.ask("AUTH PLAIN " + b64("alice\0bob\0secret"))).startsWith("535 5.7.8");
        }
    }

    @Test
    void threeFailures_421_sessionClosed() throws Exception {
        try (ServerFixture f = ServerFixture.start(outsider()); TlsClient c = TlsClient.open(f)) {
            c.ehlo();
            assertThat(c.ask("AUTH PLAIN " + b64("\0bob\0a"))).startsWith("535");
            assertThat(c.ask("AUTH PLAIN " + b64("\0bob\0b"))).startsWith("535");
            assertThat(c.ask("AUTH PLAIN " + b64("\0bob\0c")))
                    .isEqualTo("421 4.7.0 relay.test too many authentication failures; closing");
            assertThat(c.reply()).isNull();
        }
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "AUTH PLAIN not-base64!         | 501 5.5.2",
        "AUTH PLAIN AGJvYg==            | 501 5.5.2",
        "AUTH PLAIN;*                   | 501 5.0.0",
        "AUTH LOGIN;*                   | 501 5.0.0",
        "AUTH LOGIN;Ym9i;%%%            | 501 5.5.2",
        "AUTH CRAM-MD5                  | 504 5.5.4",
        "AUTH                           | 501 5.5.4",
        "MAIL FROM:<a@app.test>;AUTH PLAIN | 503 5.5.1",
    })
    void malformedExchange_refused_sessionGoesOn(String lines, String expected) throws Exception {
        try (ServerFixture f = ServerFixture.start(outsider()); TlsClient c = TlsClient.open(f)) {
            c.ehlo();
            String last = null;
            for (String line : lines.split(";")) {
                last = c.ask(line);
            }
            assertThat(last).startsWith(expected);
            assertThat(c.ask("NOOP")).startsWith("250");
        }
    }

    @Test
    void overlongResponseLine_refused() throws Exception {
        try (ServerFixture f = ServerFixture.start(outsider()); TlsClient c = TlsClient.open(f)) {
            c.ehlo();
            assertThat(c.ask("AUTH PLAIN " + "A".repeat(3000))).startsWith("500 5.5.2");
        }
    }
}
