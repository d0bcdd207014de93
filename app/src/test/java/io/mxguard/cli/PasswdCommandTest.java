package io.mxguard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.mxguard.pki.CertificateSpec;
import io.mxguard.pki.Certificates;
import io.mxguard.queue.QueueEnvelope;
import io.mxguard.smtp.server.ServerConfig;
import io.mxguard.smtp.server.SmtpServer;
import io.mxguard.smtp.server.TlsIdentity;
import io.mxguard.smtp.server.auth.UsersFile;
import io.mxguard.tls.InsecureTrustManager;
import io.mxguard.tls.TlsContexts;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PasswdCommandTest {
    @TempDir
    Path dir;

    private static CliTest.Run withStdin(String input, String... args) {
        InputStream saved = System.in;
        System.setIn(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)));
        try {
            return CliTest.run(args);
        } finally {
            System.setIn(saved);
        }
    }

    @Test
    void stdin_addsUser_theServerThenAcceptsTheirAuthAndRelays() throws Exception {
        Path users = dir.resolve("users");
        CliTest.Run r = withStdin("s3cret pass\n", "passwd", "--users-file", users.toString(), "--stdin", "bob");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo(users + ": password set for bob\n");
        assertThat(Files.readString(users)).matches("bob:pbkdf2-sha256\\$210000\\$\\S+\\$\\S+\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(users))).isEqualTo("rw-------");

        List<QueueEnvelope> stored = new CopyOnWriteArrayList<>();
        Certificates.Issued id = Certificates.issue(CertificateSpec.server(Instant.now().minus(Duration.ofHours(1)),
                Instant.now().plus(Duration.ofDays(1)), "relay.test"), null);
        ServerConfig config = ServerConfig.defaults()
                .withListen(List.of(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)))
                .withHostname("relay.test").withTls(TlsIdentity.of(id)).withReadTimeout(Duration.ofSeconds(5))
                .withRelayNetworks("10.0.0.0/8").withUsers(UsersFile.load(users));
        try (SmtpServer server = new SmtpServer(config, (envelope, content) -> {
            stored.add(envelope);
            return "Q" + stored.size();
        }).start()) {
            List<String> replies = submit(server.addresses().get(0), "bob", "s3cret pass");
            assertThat(replies).containsExactly("235", "250", "250", "354", "250");
            assertThat(submit(server.addresses().get(0), "bob", "s3cret")).first().isEqualTo("535");
        }
        assertThat(stored).singleElement().satisfies(e -> assertThat(e.receivedFrom()).endsWith("authenticated as bob"));
    }

    @Test
    void stdin_replacesAUser_keepsTheOthers() throws Exception {
        Path users = dir.resolve("users");
        withStdin("one\n", "passwd", "--users-file", users.toString(), "--stdin", "bob");
        withStdin("two\n", "passwd", "--users-file", users.toString(), "--stdin", "carol");
        CliTest.Run r = withStdin("three\r\n", "passwd", "--users-file", users.toString(), "--stdin", "bob");
        assertThat(r.code()).as(r.err()).isZero();
        UsersFile f = UsersFile.load(users);
        assertThat(f.users()).containsExactlyInAnyOrder("bob", "carol");
        assertThat(f.verify("bob", "three".toCharArray())).isTrue();
        assertThat(f.verify("carol", "two".toCharArray())).isTrue();
    }

    @Test
    void errors_exitCodes() throws Exception {
        Path users = dir.resolve("users");
        CliTest.Run badName = withStdin("pw\n", "passwd", "--users-file", users.toString(), "--stdin", "bo:b");
        assertThat(badName.code()).isEqualTo(64);
        assertThat(badName.err()).contains("may not contain ':'");

        CliTest.Run noTerminal = withStdin("", "passwd", "--users-file", users.toString(), "bob");
        assertThat(noTerminal.code()).isEqualTo(64);
        assertThat(noTerminal.err()).contains("--stdin");

        CliTest.Run empty = withStdin("\n", "passwd", "--users-file", users.toString(), "--stdin", "bob");
        assertThat(empty.code()).isEqualTo(65);
        assertThat(users).doesNotExist();

        Files.writeString(users, "# ok\nbob:secret\n");
        CliTest.Run badFile = withStdin("pw\n", "passwd", "--users-file", users.toString(), "--stdin", "carol");
        assertThat(badFile.code()).isEqualTo(65);
        assertThat(badFile.err()).isEqualTo("mxguard: " + users + ":2: unknown password scheme 'secret' (only pbkdf2-sha256)\n");

        CliTest.Run noDir = withStdin("pw\n", "passwd", "--users-file", dir.resolve("no/such/users").toString(),
                "--stdin", "bob");
        assertThat(noDir.code()).isEqualTo(66);

        assertThat(CliTest.run("passwd", "bob").code()).as("--users-file is required").isEqualTo(64);
    }

    /** submit - EHLO, STARTTLS, AUTH PLAIN, and one message to a remote domain; the reply codes from AUTH on. */
    private static List<String> submit(InetSocketAddress server, String user, String password) throws Exception {
        try (Socket raw = new Socket()) {
            raw.connect(server, 5000);
            raw.setSoTimeout(10_000);
            BufferedReader in = new BufferedReader(new InputStreamReader(raw.getInputStream(), StandardCharsets.US_ASCII));
            OutputStream out = raw.getOutputStream();
            reply(in);
            out.write("EHLO app.test\r\nSTARTTLS\r\n".getBytes(StandardCharsets.US_ASCII));
            reply(in);
            reply(in);
            SSLSocket tls = (SSLSocket) TlsContexts.clientContext(new InsecureTrustManager()).getSocketFactory()
                    .createSocket(raw, "relay.test", server.getPort(), true);
            tls.startHandshake();
            in = new BufferedReader(new InputStreamReader(tls.getInputStream(), StandardCharsets.US_ASCII));
            out = tls.getOutputStream();
            String plain = Base64.getEncoder().encodeToString(("\0" + user + "\0" + password)
                    .getBytes(StandardCharsets.UTF_8));
            List<String> codes = new java.util.ArrayList<>();
            out.write("EHLO app.test\r\n".getBytes(StandardCharsets.US_ASCII));
            reply(in);
            for (String line : List.of("AUTH PLAIN " + plain, "MAIL FROM:<a@app.test>", "RCPT TO:<bob@destination.com>",
                    "DATA", "Subject: hi\r\n\r\nhello\r\n.")) {
                out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                String code = reply(in).substring(0, 3);
                codes.add(code);
                if (code.startsWith("5")) {
                    break;
                }
            }
            return codes;
        }
    }

    private static String reply(BufferedReader in) throws Exception {
        for (String l = in.readLine(); l != null; l = in.readLine()) {
            if (l.charAt(3) != '-') {
                return l;
            }
        }
        throw new AssertionError("server closed");
    }
}
