package io.mxguard.lab.interop;

import io.mxguard.interop.Peer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.mxguard.lab.peers.Postfix;
import io.mxguard.lab.peers.PostfixMessage;
import io.mxguard.pki.CertificateSpec;
import io.mxguard.pki.Certificates;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Interop: a private Postfix (Debian package postfix) is Bob's real MX for destination.com on
 * loopback. swaks and openssl s_client talk to it; it stores Bob's mail, shows TLS in the
 * Received header, refuses to relay, and leaves nothing behind.
 */
class PostfixPeerTest {
    static final String DOMAIN = "destination.com";
    static final Duration DELIVERY = Duration.ofSeconds(10);

    static Path postfixBinary;
    static Certificates.Issued ca;
    static Certificates.Issued mx;
    static Postfix bob;

    @BeforeAll
    static void start() throws IOException {
        postfixBinary = Peer.require("postfix", "postfix");
        requireRunnable();
        Instant now = Instant.now();
        ca = Certificates.issue(CertificateSpec.authority("Lab CA", now.minus(1, ChronoUnit.HOURS),
                now.plus(1, ChronoUnit.DAYS)), null);
        mx = Certificates.issue(CertificateSpec.server(now.minus(1, ChronoUnit.HOURS), now.plus(1, ChronoUnit.DAYS),
                "mx." + DOMAIN), ca);
        bob = Postfix.start(postfixBinary, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), mx, DOMAIN);
    }

    @AfterAll
    static void stop() {
        if (bob != null) {
            bob.close();
        }
    }

    // Root is a precondition like the package itself: skip, or fail when peers are required.
    static void requireRunnable() {
        Optional<String> reason = Postfix.unavailableReason();
        if (reason.isPresent() && Peer.required()) {
            fail(reason.get() + " [peers are required in this run]");
        }
        assumeTrue(reason.isEmpty(), reason.orElse(""));
    }

    static String server() {
        return bob.address().getAddress().getHostAddress() + ":" + bob.address().getPort();
    }

    static Peer.Result swaks(String to, String subject, String... more) throws Exception {
        Path swaks = Peer.require("swaks", "swaks");
        List<String> args = new java.util.ArrayList<>(List.of(swaks.toString(), "--server", server(),
                "--helo", "client.origin.com", "--from", "alice@origin.com", "--to", to,
                "--header", "Subject: " + subject, "--timeout", "10"));
        args.addAll(List.of(more));
        return Peer.run(args.toArray(String[]::new));
    }

    @Test
    void plainSmtp_messageForBob_isStoredInBobsMailbox() throws Exception {
        String subject = "plain " + UUID.randomUUID();

        Peer.Result sent = swaks("bob@" + DOMAIN, subject);

        assertThat(sent.exit()).as("%s%s", sent, bob.describe()).isZero();
        PostfixMessage got = bob.awaitMessage(m -> m.header("Subject").orElse("").equals(subject), DELIVERY);
        assertThat(got.header("X-Original-To")).contains("bob@" + DOMAIN);
        assertThat(got.header("Received").orElseThrow()).contains("by mx." + DOMAIN + " (Postfix) with ESMTP ");
    }

    @Test
    void starttls_presentsTheLabCertificate_andReceivedHeaderNamesTheCipher(@TempDir Path tmp) throws Exception {
        Path openssl = Peer.require("openssl", "openssl");
        Path caFile = Files.writeString(tmp.resolve("ca.pem"), Certificates.pem(ca.certificate()));

        Peer.Result hello = Peer.run(openssl.toString(), "s_client", "-starttls", "smtp", "-connect", server(),
                "-servername", "mx." + DOMAIN, "-CAfile", caFile.toString(), "-verify_hostname", "mx." + DOMAIN);

        assertThat(hello.output()).as("%s", hello).contains("Verify return code: 0 (ok)");
        assertThat(Certificates.hex(Certificates.certSha256(firstCertificate(hello.output()))))
                .isEqualTo(Certificates.hex(Certificates.certSha256(mx.certificate())));

        String subject = "tls " + UUID.randomUUID();
        Peer.Result sent = swaks("bob@" + DOMAIN, subject, "--tls");
        assertThat(sent.exit()).as("%s%s", sent, bob.describe()).isZero();
        PostfixMessage got = bob.awaitMessage(m -> m.header("Subject").orElse("").equals(subject), DELIVERY);
        assertThat(got.header("Received").orElseThrow()).contains("(using TLSv1.").contains("with ESMTPS");
        assertThat(bob.log()).contains("TLS connection established from");
    }

    @Test
    void relayToAnotherDomain_isRefused_evenFromLoopback() throws Exception {
        String subject = "relay " + UUID.randomUUID();

        Peer.Result sent = swaks("eve@elsewhere.com", subject);

        assertThat(sent.exit()).as("%s", sent).isNotZero();
        assertThat(sent.output()).contains("554 5.7.1 <eve@elsewhere.com>: Relay access denied");
        assertThat(bob.log()).contains("NOQUEUE: reject: RCPT from");
        assertThat(bob.receivedMessages()).noneMatch(m -> m.text().contains(subject));
    }

    @Test
    void close_stopsEveryPostfixProcess_andDeletesTheDirectory() throws Exception {
        Postfix other = Postfix.start(postfixBinary, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), null,
                "other.test");
        List<ProcessHandle> running = other.processes();
        Path config = other.configDirectory();
        InetSocketAddress listener = other.address();
        assertThat(running).as(other.describe()).isNotEmpty();
        assertThat(config).exists();

        other.close();
        other.close();

        assertThat(running).noneMatch(Postfix::running);
        assertThat(config.getParent()).doesNotExist();
        assertThat(other.processes()).isEmpty();
        assertThatThrownBy(() -> {
            try (Socket s = new Socket()) {
                s.connect(listener, 1000);
            }
        }).isInstanceOf(ConnectException.class);
        assertThat(other.log()).contains("daemon started");
    }

    static X509Certificate firstCertificate(String sClientOutput) throws Exception {
        Matcher m = Pattern.compile("-----BEGIN CERTIFICATE-----.*?-----END CERTIFICATE-----", Pattern.DOTALL)
                .matcher(sClientOutput);
        assertThat(m.find()).as("no certificate in:\n%s", sClientOutput).isTrue();
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(m.group().getBytes(StandardCharsets.US_ASCII)));
    }
}
