package io.mxguard.lab.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import io.mxguard.pki.CertificateSpec;
import io.mxguard.pki.Certificates;
import io.mxguard.smtp.client.ClientOptions;
import io.mxguard.smtp.client.Envelope;
import io.mxguard.smtp.client.SmtpClient;
import io.mxguard.smtp.client.SmtpFailure;
import io.mxguard.smtp.client.SmtpOutcome;
import io.mxguard.smtp.client.TlsRequirement;
import io.mxguard.smtp.client.TlsState;
import io.mxguard.tls.InsecureTrustManager;
import io.mxguard.tls.TlsContexts;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The on-path STARTTLS stripper in front of Bob's MX: who notices, and what the attacker reads. */
class StartTlsStripperTest {
    private static final String MX = "mx.destination.com";
    private static final String HELO = "smtp.source.com";
    private static final byte[] MESSAGE = "Subject: secret\r\n\r\nHi Bob.\r\n..dotted\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final Envelope TO_BOB = Envelope.of("alice@source.com", "bob@destination.com");

    private static Certificates.Issued bobCert;
    private final SmtpClient client = new SmtpClient(ClientOptions.defaults().withAllTimeouts(Duration.ofSeconds(3)));
    private LabMailServer bob;
    private StartTlsStripper stripper;

    @BeforeAll
    static void pki() {
        Instant now = Instant.now();
        Certificates.Issued ca = Certificates.issue(CertificateSpec.authority("Lab CA", now.minus(1, ChronoUnit.DAYS),
                now.plus(1, ChronoUnit.DAYS)), null);
        bobCert = Certificates.issue(CertificateSpec.server(now.minus(1, ChronoUnit.DAYS), now.plus(1, ChronoUnit.DAYS),
                MX), ca);
    }

    @BeforeEach
    void start() throws Exception {
        bob = LabMailServer.start(LabMailServer.Config.loopback(MX, bobCert));
        stripper = StartTlsStripper.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), bob.address());
    }

    @AfterEach
    void stop() {
        stripper.close();
        bob.close();
    }

    private static Optional<SmtpClient.TlsPlan> tls(TlsRequirement requirement) {
        return Optional.of(new SmtpClient.TlsPlan(TlsContexts.clientContext(new InsecureTrustManager()), MX, requirement));
    }

    @Test
    void ehloThroughStripper_noStartTls_replyStillParses() {
        SmtpOutcome<SmtpClient.Probed> direct = client.probe(bob.address(), HELO, Optional.empty());
        assertThat(direct.value().beforeTls().startTls()).as("Bob offers STARTTLS").isTrue();

        SmtpOutcome<SmtpClient.Probed> probed = client.probe(stripper.address(), HELO, Optional.empty());
        assertThat(probed.isOk()).as("%s", probed).isTrue();
        assertThat(probed.value().beforeTls().startTls()).isFalse();
        // Every other extension survives the rewrite, including the line before the removed last one.
        assertThat(probed.value().beforeTls().keywords().keySet())
                .containsExactlyInAnyOrderElementsOf(direct.value().beforeTls().keywords().keySet().stream()
                        .filter(k -> !k.equals("STARTTLS")).toList());
        assertThat(stripper.connections()).singleElement().satisfies(c -> {
            assertThat(c.startTlsStripped()).isTrue();
            // Bob lists STARTTLS last: the line before it now ends the reply.
            assertThat(c.said(ProxiedConnection.Side.SERVER)).noneMatch(l -> l.contains("STARTTLS"))
                    .contains("250 ENHANCEDSTATUSCODES").doesNotContain("250-ENHANCEDSTATUSCODES");
            assertThat(c.said(ProxiedConnection.Side.CLIENT)).startsWith("EHLO " + HELO);
        });
    }

    @Test
    void requiredTls_behindStripper_deferredNotOffered_nothingRead() {
        SmtpOutcome<SmtpClient.Delivered> out = client.deliver(stripper.address(), HELO, tls(TlsRequirement.REQUIRED),
                TO_BOB, MESSAGE);
        assertThat(out.isOk()).isFalse();
        assertThat(out.failure().kind()).isEqualTo(SmtpFailure.Kind.STARTTLS_NOT_OFFERED);
        assertThat(stripper.readMessages()).isEmpty();
        assertThat(bob.sawVerb("MAIL")).isFalse();
        assertThat(bob.messages()).isEmpty();
    }

    @Test
    void opportunisticTls_behindStripper_deliveredInPlaintext_andTheAttackerReadIt() throws Exception {
        SmtpOutcome<SmtpClient.Delivered> out = client.deliver(stripper.address(), HELO,
                tls(TlsRequirement.OPPORTUNISTIC), TO_BOB, MESSAGE);
        assertThat(out.isOk()).as("%s", out).isTrue();
        assertThat(out.value().tls()).isInstanceOf(TlsState.Plaintext.class);

        assertThat(bob.messages()).singleElement().satisfies(m -> {
            assertThat(m.data()).isEqualTo(MESSAGE);
            assertThat(m.tls()).isEmpty();
        });
        assertThat(stripper.readMessages()).singleElement().satisfies(r -> {
            assertThat(r.data()).isEqualTo(MESSAGE);
            assertThat(r.mailFrom()).isEqualTo("alice@source.com");
            assertThat(r.rcptTo()).containsExactly("bob@destination.com");
            assertThat(r.truncated()).isFalse();
        });
        assertThat(stripper.connections()).singleElement().satisfies(c -> {
            assertThat(c.said(ProxiedConnection.Side.CLIENT)).contains("RCPT TO:<bob@destination.com>", "DATA", ".")
                    .anyMatch(l -> l.startsWith("MAIL FROM:<alice@source.com>")).noneMatch(l -> l.contains("Hi Bob"));
            assertThat(c.startTlsRefused()).isFalse();
        });
    }

    @Test
    void startTlsSentAnyway_stripperAnswers454_nothingPassedUpstream() throws Exception {
        try (Socket s = new Socket(stripper.address().getAddress(), stripper.address().getPort())) {
            s.setSoTimeout(3000);
            OutputStream out = s.getOutputStream();
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
            assertThat(in.readLine()).startsWith("220 ");
            out.write("EHLO c\r\n".getBytes(StandardCharsets.US_ASCII));
            List<String> ehlo = readReply(in);
            assertThat(ehlo).noneMatch(l -> l.contains("STARTTLS"));
            out.write("STARTTLS\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(readReply(in)).containsExactly("454 4.7.0 TLS not available");
            out.write("QUIT\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(readReply(in)).singleElement().asString().startsWith("221 ");
        }
        assertThat(bob.sawVerb("STARTTLS")).isFalse();
        assertThat(bob.sawVerb("QUIT")).isTrue();
        assertThat(stripper.connections()).singleElement().satisfies(c -> {
            assertThat(c.startTlsRefused()).isTrue();
            assertThat(c.said(ProxiedConnection.Side.STRIPPER)).containsExactly("454 4.7.0 TLS not available");
        });
    }

    @Test
    void startTlsInTheMiddleOfTheReply_removed_restPassesByteForByte() throws Exception {
        String ehloReply = "250-fake.example\r\n250-STARTTLS\r\n250-PIPELINING\r\n250 SIZE 100\r\n";
        try (ServerSocket fake = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             StartTlsStripper s2 = StartTlsStripper.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                     new InetSocketAddress(fake.getInetAddress(), fake.getLocalPort()))) {
            List<String> fakeSaw = new ArrayList<>();
            Thread server = new Thread(() -> scriptedServer(fake, ehloReply, fakeSaw));
            server.start();
            String seen;
            try (Socket c = new Socket(s2.address().getAddress(), s2.address().getPort())) {
                c.setSoTimeout(3000);
                c.getOutputStream().write("EHLO c\r\nNOOP\r\n".getBytes(StandardCharsets.US_ASCII));
                c.shutdownOutput();
                seen = new String(c.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            }
            server.join(3000);
            assertThat(seen).isEqualTo("220 fake ESMTP\r\n250-fake.example\r\n250-PIPELINING\r\n250 SIZE 100\r\n"
                    + "250 2.0.0 OK\r\n");
            assertThat(fakeSaw).containsExactly("EHLO c", "NOOP");
        }
    }

    @Test
    void close_freesThePort() throws Exception {
        InetSocketAddress at = stripper.address();
        client.probe(stripper.address(), HELO, Optional.empty());
        stripper.close();
        try (ServerSocket again = new ServerSocket(at.getPort(), 1, at.getAddress())) {
            assertThat(again.getLocalPort()).isEqualTo(at.getPort());
        }
    }

    private static void scriptedServer(ServerSocket fake, String ehloReply, List<String> saw) {
        try (Socket s = fake.accept()) {
            s.setSoTimeout(3000);
            OutputStream out = s.getOutputStream();
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
            out.write("220 fake ESMTP\r\n".getBytes(StandardCharsets.US_ASCII));
            for (String line; (line = in.readLine()) != null; ) {
                synchronized (saw) {
                    saw.add(line);
                }
                out.write((line.startsWith("EHLO") ? ehloReply : "250 2.0.0 OK\r\n").getBytes(StandardCharsets.US_ASCII));
            }
        } catch (Exception e) {
            // the test asserts on what the client saw
        }
    }

    private static List<String> readReply(BufferedReader in) throws Exception {
        List<String> lines = new ArrayList<>();
        for (String line; (line = in.readLine()) != null; ) {
            lines.add(line);
            if (line.length() < 4 || line.charAt(3) != '-') {
                break;
            }
        }
        return lines;
    }
}
