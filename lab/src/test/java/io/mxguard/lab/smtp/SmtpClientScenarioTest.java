package io.mxguard.lab.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import io.mxguard.pki.CertificateSpec;
import io.mxguard.pki.Certificates;
import io.mxguard.smtp.client.ClientOptions;
import io.mxguard.smtp.client.Envelope;
import io.mxguard.smtp.client.RecipientResult;
import io.mxguard.smtp.client.SmtpClient;
import io.mxguard.smtp.client.SmtpFailure;
import io.mxguard.smtp.client.SmtpFailure.Kind;
import io.mxguard.smtp.client.SmtpOutcome;
import io.mxguard.smtp.client.SmtpSession;
import io.mxguard.smtp.client.TlsRequirement;
import io.mxguard.smtp.client.TlsState;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The client against Bob's lab MX on loopback; each test names the scenario and asserts what users care about. */
class SmtpClientScenarioTest {
    private static final String MX = "mx.destination.com";
    private static final String HELO = "smtp.source.com";
    private static final byte[] MESSAGE = "Subject: hello\r\n\r\nHi Bob.\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final Envelope TO_BOB = Envelope.of("alice@source.com", "bob@destination.com");

    private static Certificates.Issued ca;
    private static Certificates.Issued bobCert;
    private static X509TrustManager trustsLabCa;

    private final ClientOptions fast = ClientOptions.defaults().withAllTimeouts(Duration.ofSeconds(3));
    private LabMailServer server;

    @BeforeAll
    static void pki() throws Exception {
        Instant now = Instant.now();
        ca = Certificates.issue(CertificateSpec.authority("Lab CA", now.minus(1, ChronoUnit.DAYS),
                now.plus(1, ChronoUnit.DAYS)), null);
        bobCert = Certificates.issue(CertificateSpec.server(now.minus(1, ChronoUnit.DAYS), now.plus(1, ChronoUnit.DAYS),
                MX), ca);
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setCertificateEntry("ca", ca.certificate());
        TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
        tmf.init(ks);
        trustsLabCa = (X509TrustManager) tmf.getTrustManagers()[0];
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private LabMailServer bob(LabFault... faults) throws Exception {
        server = LabMailServer.start(LabMailServer.Config.loopback(MX, bobCert), faults);
        return server;
    }

    private SmtpClient client() {
        return new SmtpClient(fast);
    }

    private static Optional<SmtpClient.TlsPlan> tls(X509TrustManager tm, TlsRequirement requirement) {
        return Optional.of(new SmtpClient.TlsPlan(io.mxguard.tls.TlsContexts.clientContext(tm), MX, requirement));
    }

    @Test
    void plaintext_deliveredIntact() throws Exception {
        bob();
        SmtpOutcome<SmtpClient.Delivered> out = client().deliver(server.address(), HELO, Optional.empty(), TO_BOB, MESSAGE);
        assertThat(out.isOk()).as("%s", out).isTrue();
        assertThat(out.value().transaction().delivered()).containsExactly("bob@destination.com");
        assertThat(out.value().tls().isEncrypted()).isFalse();
        ReceivedMessage got = server.messages().get(0);
        assertThat(got.data()).isEqualTo(MESSAGE);
        assertThat(got.mailFrom()).isEqualTo("alice@source.com");
        assertThat(got.helo()).isEqualTo(HELO);
        assertThat(got.tls()).isEmpty();
    }

    @Test
    void startTls_trusted_factsRecorded_andSniReachesServer() throws Exception {
        bob();
        SmtpOutcome<SmtpClient.Delivered> out = client().deliver(server.address(), HELO,
                tls(trustsLabCa, TlsRequirement.REQUIRED), TO_BOB, MESSAGE);
        assertThat(out.isOk()).as("%s", out).isTrue();
        TlsState.Encrypted enc = (TlsState.Encrypted) out.value().tls();
        assertThat(enc.facts().protocol()).isIn("TLSv1.3", "TLSv1.2");
        assertThat(enc.facts().peerChain().get(0)).isEqualTo(bobCert.certificate());
        assertThat(enc.facts().sniSent()).contains(MX);
        ReceivedMessage got = server.messages().get(0);
        assertThat(got.tls()).isPresent();
        assertThat(got.tls().get().sniReceived()).contains(MX);
        // Everything after STARTTLS, including the second EHLO, arrived inside TLS.
        assertThat(server.commands()).filteredOn(c -> c.verb().equals("MAIL")).allMatch(SeenCommand::tls);
        assertThat(server.commands().stream().filter(c -> c.verb().equals("EHLO")).count()).isEqualTo(2);
    }

    @Test
    void requiredTls_starttlsNotOffered_noMailFromReachesServer() throws Exception {
        bob(new LabFault.NoStartTls());
        SmtpOutcome<SmtpClient.Delivered> out = client().deliver(server.address(), HELO,
                tls(trustsLabCa, TlsRequirement.REQUIRED), TO_BOB, MESSAGE);
        SmtpFailure f = out.failure();
        assertThat(f.kind()).isEqualTo(Kind.STARTTLS_NOT_OFFERED);
        assertThat(f.permanent()).isFalse();
        assertThat(f.status().toString()).isEqualTo("4.7.4");
        assertThat(server.sawVerb("MAIL")).isFalse();
        assertThat(server.messages()).isEmpty();
    }

    @Test
    void opportunisticTls_notOffered_deliversInPlaintext() throws Exception {
        bob(new LabFault.NoStartTls());
        SmtpOutcome<SmtpClient.Delivered> out = client().deliver(server.address(), HELO,
                tls(trustsLabCa, TlsRequirement.OPPORTUNISTIC), TO_BOB, MESSAGE);
        assertThat(out.value().tls()).isInstanceOf(TlsState.Plaintext.class);
        assertThat(server.messages()).hasSize(1);
    }

    @Test
    void trustManagerRejects_handshakeFailedWithItsReason_noMailFrom() throws Exception {
        bob();
        X509TrustManager rejecting = new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
                throw new CertificateException("DANE: no TLSA record of _25._tcp.mx.destination.com matches");
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        };
        SmtpOutcome<SmtpClient.Delivered> out = client().deliver(server.address(), HELO,
                tls(rejecting, TlsRequirement.REQUIRED), TO_BOB, MESSAGE);
        SmtpFailure f = out.failure();
        assertThat(f.kind()).isEqualTo(Kind.TLS_HANDSHAKE_FAILED);
        assertThat(f.permanent()).isFalse();
        assertThat(f.message()).contains("no TLSA record of _25._tcp.mx.destination.com matches");
        assertThat(server.sawVerb("MAIL")).isFalse();
    }

    @Test
    void attackerCertificate_fromOtherCa_handshakeFails_noMailFrom() throws Exception {
        Instant now = Instant.now();
        Certificates.Issued otherCa = Certificates.issue(CertificateSpec.authority("Evil CA", now.minusSeconds(60),
                now.plusSeconds(3600)), null);
        Certificates.Issued forged = Certificates.issue(CertificateSpec.server(now.minusSeconds(60),
                now.plusSeconds(3600), MX), otherCa);
        bob(new LabFault.TlsCertificate(forged));
        SmtpOutcome<SmtpClient.Delivered> out = client().deliver(server.address(), HELO,
                tls(trustsLabCa, TlsRequirement.REQUIRED), TO_BOB, MESSAGE);
        assertThat(out.failure().kind()).isEqualTo(Kind.TLS_HANDSHAKE_FAILED);
        assertThat(server.sawVerb("MAIL")).isFalse();
    }

    @Test
    void responseInjectedAfterStartTls_protocolError_noMailFrom() throws Exception {
        bob(new LabFault.InjectAfterStartTls());
        SmtpOutcome<SmtpClient.Delivered> out = client().deliver(server.address(), HELO,
                tls(trustsLabCa, TlsRequirement.REQUIRED), TO_BOB, MESSAGE);
        assertThat(out.failure().kind()).isEqualTo(Kind.PROTOCOL_ERROR);
        assertThat(out.failure().message()).contains("injection");
        assertThat(server.sawVerb("MAIL")).isFalse();
    }

    @Test
    void pipelining_mailRcptDataArriveInOneBatch() throws Exception {
        bob();
        Envelope two = Envelope.of("alice@source.com", "bob@destination.com", "carol@destination.com");
        SmtpOutcome<SmtpClient.Delivered> out = client().deliver(server.address(), HELO, Optional.empty(), two, MESSAGE);
        assertThat(out.value().transaction().pipelined()).isTrue();
        var cmds = server.commands().stream().filter(c -> !c.verb().equals("EHLO") && !c.verb().equals("QUIT")).toList();
        assertThat(cmds).extracting(SeenCommand::verb).containsExactly("MAIL", "RCPT", "RCPT", "DATA");
        // MAIL and both RCPTs were read with more input already waiting: the client did not wait between them.
        assertThat(cmds.subList(0, 3)).allMatch(SeenCommand::moreBuffered);
        assertThat(server.messages().get(0).rcptTo()).containsExactly("bob@destination.com", "carol@destination.com");
    }

    @Test
    void oneOfTwoRecipientsRejected_otherDelivered() throws Exception {
        bob(new LabFault.RejectRcpt("nobody@destination.com", 550));
        Envelope two = Envelope.of("alice@source.com", "nobody@destination.com", "bob@destination.com");
        SmtpOutcome<SmtpClient.Delivered> out = client().deliver(server.address(), HELO, Optional.empty(), two, MESSAGE);
        var results = out.value().transaction().recipients();
        assertThat(results.get(0).status()).isEqualTo(RecipientResult.Status.PERMANENT_FAILURE);
        assertThat(results.get(0).reply().code()).isEqualTo(550);
        assertThat(results.get(1).status()).isEqualTo(RecipientResult.Status.DELIVERED);
        assertThat(server.messages()).singleElement().satisfies(m ->
                assertThat(m.rcptTo()).containsExactly("bob@destination.com"));
    }

    @Test
    void allRecipientsRejected_noMessageAccepted() throws Exception {
        bob(new LabFault.RejectRcpt("bob@destination.com", 450));
        SmtpOutcome<SmtpClient.Delivered> out = client().deliver(server.address(), HELO, Optional.empty(), TO_BOB, MESSAGE);
        assertThat(out.value().transaction().recipients().get(0).status())
                .isEqualTo(RecipientResult.Status.TEMPORARY_FAILURE);
        assertThat(out.value().transaction().dataReply()).isEmpty();
        assertThat(server.messages()).isEmpty();
    }

    @Test
    void mailFromRejected_temporaryOrPermanentByCode() throws Exception {
        bob(new LabFault.RejectMail(451));
        SmtpFailure temp = client().deliver(server.address(), HELO, Optional.empty(), TO_BOB, MESSAGE).failure();
        assertThat(temp.kind()).isEqualTo(Kind.REJECTED);
        assertThat(temp.permanent()).isFalse();
        assertThat(temp.status().toString()).isEqualTo("4.7.1");
        server.faults(new LabFault.RejectMail(550));
        SmtpFailure perm = client().deliver(server.address(), HELO, Optional.empty(), TO_BOB, MESSAGE).failure();
        assertThat(perm.permanent()).isTrue();
        assertThat(perm.reply()).hasValueSatisfying(r -> assertThat(r.code()).isEqualTo(550));
        assertThat(server.messages()).isEmpty();
    }

    @Test
    void messageOverAdvertisedSize_notSent() throws Exception {
        server = LabMailServer.start(LabMailServer.Config.loopback(MX, bobCert).withMaxSize(20));
        SmtpFailure f = client().deliver(server.address(), HELO, Optional.empty(), TO_BOB, MESSAGE).failure();
        assertThat(f.kind()).isEqualTo(Kind.UNSUPPORTED_BY_SERVER);
        assertThat(f.permanent()).isTrue();
        assertThat(f.status().toString()).isEqualTo("5.3.4");
        assertThat(server.sawVerb("MAIL")).isFalse();
    }

    @Test
    void dotStuffing_roundTrip_leadingDotsAndLoneDotArriveIntact() throws Exception {
        bob();
        String body = "Subject: dots\r\n\r\n.foo\r\n.\r\n..\r\nnot . end\r\nlast line without CRLF";
        SmtpOutcome<SmtpClient.Delivered> out = client().deliver(server.address(), HELO, Optional.empty(), TO_BOB,
                body.getBytes(StandardCharsets.US_ASCII));
        assertThat(out.isOk()).as("%s", out).isTrue();
        assertThat(new String(server.messages().get(0).data(), StandardCharsets.US_ASCII)).isEqualTo(body + "\r\n");
    }

    @Test
    void bareLfInMessage_refusedBeforeAnythingIsSent() throws Exception {
        bob();
        byte[] smuggling = "Subject: x\r\n\r\nhi\n.\r\nMAIL FROM:<evil@x>\r\n".getBytes(StandardCharsets.US_ASCII);
        SmtpFailure f = client().deliver(server.address(), HELO, Optional.empty(), TO_BOB, smuggling).failure();
        assertThat(f.kind()).isEqualTo(Kind.INVALID_MESSAGE);
        assertThat(f.permanent()).isTrue();
        assertThat(f.message()).contains("bare LF");
        assertThat(server.sawVerb("MAIL")).isFalse();
    }

    @Test
    void eightBitAndUtf8_declaredWhenOffered() throws Exception {
        bob();
        byte[] eightBit = "Subject: caf\u00e9\r\n\r\n\u00fcber\r\n".getBytes(StandardCharsets.UTF_8);
        SmtpOutcome<SmtpClient.Delivered> out = client().deliver(server.address(), HELO, Optional.empty(),
                Envelope.of("al\u00efce@source.com", "bob@destination.com"), eightBit);
        assertThat(out.isOk()).as("%s", out).isTrue();
        assertThat(server.commands()).filteredOn(c -> c.verb().equals("MAIL")).singleElement()
                .satisfies(c -> assertThat(c.line()).contains("BODY=8BITMIME").contains("SMTPUTF8").contains("SIZE="));
        assertThat(server.messages().get(0).data()).isEqualTo(eightBit);
    }

    @Test
    void garbageReply_protocolError() throws Exception {
        bob(new LabFault.GarbageReply());
        SmtpFailure f = client().deliver(server.address(), HELO, Optional.empty(), TO_BOB, MESSAGE).failure();
        assertThat(f.kind()).isEqualTo(Kind.PROTOCOL_ERROR);
        assertThat(f.stage()).isEqualTo(SmtpFailure.Stage.EHLO);
        assertThat(f.permanent()).isFalse();
    }

    @Test
    void endlessMultiline_protocolErrorAtTheLineBound() throws Exception {
        bob(new LabFault.EndlessMultiline());
        SmtpFailure f = client().deliver(server.address(), HELO, Optional.empty(), TO_BOB, MESSAGE).failure();
        assertThat(f.kind()).isEqualTo(Kind.PROTOCOL_ERROR);
        assertThat(f.message()).contains("100 lines");
    }

    @Test
    void closeMidReply_connectionLost() throws Exception {
        bob(new LabFault.CloseMidReply());
        SmtpFailure f = client().deliver(server.address(), HELO, Optional.empty(), TO_BOB, MESSAGE).failure();
        assertThat(f.kind()).isEqualTo(Kind.CONNECTION_LOST);
        assertThat(f.message()).contains("multi-line");
    }

    @Test
    void closeAfterGreeting_connectionLost() throws Exception {
        bob(new LabFault.CloseAfterGreeting());
        SmtpFailure f = client().deliver(server.address(), HELO, Optional.empty(), TO_BOB, MESSAGE).failure();
        assertThat(f.kind()).isEqualTo(Kind.CONNECTION_LOST);
    }

    @Test
    void slowGreeting_timesOutWithinTheConfiguredBound() throws Exception {
        bob(new LabFault.SlowGreeting(Duration.ofSeconds(5)));
        SmtpClient impatient = new SmtpClient(fast.withGreetingTimeout(Duration.ofMillis(300)));
        long start = System.nanoTime();
        SmtpFailure f = impatient.deliver(server.address(), HELO, Optional.empty(), TO_BOB, MESSAGE).failure();
        assertThat(f.kind()).isEqualTo(Kind.TIMEOUT);
        assertThat(f.stage()).isEqualTo(SmtpFailure.Stage.GREETING);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
    }

    @Test
    void nobodyListening_connectFailed() throws Exception {
        bob();
        var address = server.address();
        server.close();
        SmtpFailure f = client().deliver(address, HELO, Optional.empty(), TO_BOB, MESSAGE).failure();
        assertThat(f.kind()).isEqualTo(Kind.CONNECT_FAILED);
        assertThat(f.fault()).isEqualTo(SmtpFailure.Fault.NETWORK);
    }

    @Test
    void probe_reportsTls_andSendsNoMailFrom() throws Exception {
        bob();
        SmtpOutcome<SmtpClient.Probed> p = client().probe(server.address(), HELO,
                tls(trustsLabCa, TlsRequirement.REQUIRED));
        assertThat(p.isOk()).as("%s", p).isTrue();
        assertThat(p.value().beforeTls().startTls()).isTrue();
        assertThat(p.value().afterTls().startTls()).isFalse();
        assertThat(p.value().tls().isEncrypted()).isTrue();
        assertThat(server.sawVerb("MAIL")).isFalse();
        assertThat(server.sawVerb("QUIT")).isTrue();
    }

    @Test
    void failedSession_refusesEveryLaterStep() throws Exception {
        bob(new LabFault.NoStartTls());
        SmtpSession s = client().connect(server.address()).value();
        s.ehlo(HELO);
        SmtpFailure f = s.startTls(io.mxguard.tls.TlsContexts.clientContext(trustsLabCa), MX, TlsRequirement.REQUIRED).failure();
        assertThat(s.send(TO_BOB, MESSAGE).failure()).isEqualTo(f);
        assertThat(server.sawVerb("MAIL")).isFalse();
    }
}
