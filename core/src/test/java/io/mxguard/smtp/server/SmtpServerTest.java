package io.mxguard.smtp.server;

import io.mxguard.smtp.DsnNotify;
import static org.assertj.core.api.Assertions.assertThat;

import io.mxguard.queue.QueueEnvelope;
import io.mxguard.smtp.Extensions;
import io.mxguard.smtp.client.ClientOptions;
import io.mxguard.smtp.client.Envelope;
import io.mxguard.smtp.client.SmtpClient;
import io.mxguard.smtp.client.SmtpOutcome;
import io.mxguard.smtp.client.TlsRequirement;
import io.mxguard.smtp.client.TlsState;
import io.mxguard.tls.InsecureTrustManager;
import io.mxguard.tls.TlsContexts;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SmtpServerTest {
    private static final byte[] MESSAGE = ("From: alice@app.test\r\nTo: bob@destination.test\r\nSubject: hi\r\n\r\n"
            + "Hello Bob.\r\n.leading dot\r\n").getBytes(StandardCharsets.US_ASCII);

    private final SmtpClient client = new SmtpClient(ClientOptions.defaults().withAllTimeouts(Duration.ofSeconds(5)));

    @Test
    void ourClient_plain_pipelined_messageStoredWithEnvelopeAndReceived() throws Exception {
        try (ServerFixture f = ServerFixture.start(ServerFixture.config())) {
            SmtpOutcome<SmtpClient.Delivered> out = client.deliver(f.address(), "app.test", Optional.empty(),
                    Envelope.of("alice@app.test", "bob@destination.test", "carol@destination.test"), MESSAGE);

            assertThat(out.isOk()).as("%s", out).isTrue();
            assertThat(out.value().transaction().pipelined()).isTrue();
            assertThat(out.value().transaction().delivered()).hasSize(2);
            assertThat(out.value().transaction().dataReply().orElseThrow().text()).isEqualTo("2.0.0 Ok: queued as Q1");
            MemoryStore.Stored s = f.store.stored().get(0);
            assertThat(s.envelope().sender()).isEqualTo("alice@app.test");
            assertThat(s.envelope().recipients()).extracting(QueueEnvelope.Recipient::address)
                    .containsExactly("bob@destination.test", "carol@destination.test");
            assertThat(s.envelope().receivedFrom()).isEqualTo("app.test ([127.0.0.1])");
            assertThat(s.text()).startsWith("Received: from app.test ([127.0.0.1])\r\n\tby relay.test (mxguard) with ESMTP id ")
                    .doesNotContain("\tfor <") // two recipients: none named
                    .endsWith("\r\n\r\nHello Bob.\r\n.leading dot\r\n"); // the client stuffed the dot; we unstuffed it
        }
    }

    @Test
    void ourClient_startTls_deliveredEncrypted_receivedSaysEsmtps() throws Exception {
        try (ServerFixture f = ServerFixture.start(ServerFixture.config())) {
            InsecureTrustManager trust = new InsecureTrustManager();
            SmtpClient.TlsPlan plan = new SmtpClient.TlsPlan(TlsContexts.clientContext(trust), "relay.test",
                    TlsRequirement.REQUIRED);
            SmtpOutcome<SmtpClient.Delivered> out = client.deliver(f.address(), "app.test", Optional.of(plan),
                    Envelope.of("alice@app.test", "bob@destination.test"), MESSAGE);

            assertThat(out.isOk()).as("%s", out).isTrue();
            assertThat(out.value().tls()).isInstanceOf(TlsState.Encrypted.class);
            assertThat(trust.presentedChain().get(0)).isEqualTo(ServerFixture.IDENTITY.certificate());
            assertThat(f.store.stored().get(0).text()).contains(" with ESMTPS id ").contains("\tfor <bob@destination.test>; ")
                    .contains("(using TLSv1.");
        }
    }

    @Test
    void ehlo_startTlsOnlyBeforeTls_requireTlsOnlyAfter() throws Exception {
        try (ServerFixture f = ServerFixture.start(ServerFixture.config())) {
            SmtpClient.TlsPlan plan = new SmtpClient.TlsPlan(TlsContexts.clientContext(new InsecureTrustManager()),
                    "relay.test", TlsRequirement.REQUIRED);
            SmtpClient.Probed probed = client.probe(f.address(), "app.test", Optional.of(plan)).value();

            assertThat(probed.beforeTls().keywords().keySet()).contains("PIPELINING", "SIZE", "8BITMIME", "SMTPUTF8",
                    "ENHANCEDSTATUSCODES", "DSN", "STARTTLS").doesNotContain("REQUIRETLS");
            assertThat(probed.afterTls().keywords().keySet()).contains("REQUIRETLS", "DSN").doesNotContain("STARTTLS");
            assertThat(probed.beforeTls().sizeLimit()).hasValue(ServerFixture.config().maxMessageSize());
        }
        ServerConfig c = ServerFixture.config();
        ServerConfig noTls = new ServerConfig(c.listen(), c.hostname(), c.maxMessageSize(), c.maxRecipients(),
                c.readTimeout(), c.maxSessions(), c.maxSessionsPerClient(), Optional.empty(), c.relayNetworks(),
                c.shutdownGrace(), c.clock(), c.users(), c.authPause(), c.messageMemory());
        try (ServerFixture plain = ServerFixture.start(noTls)) {
            Extensions ext = client.probe(plain.address(), "app.test", Optional.empty()).value().beforeTls();
            assertThat(ext.startTls()).isFalse();
        }
    }

    @Test
    void mailAndRcptParameters_checkedWhereGiven() throws Exception {
        try (ServerFixture f = ServerFixture.start(ServerFixture.config()); RawClient c = f.raw()) {
            assertThat(c.reply()).startsWith("220 relay.test");
            c.send("EHLO app.test\r\n");
            assertThat(c.reply()).startsWith("250 ");
            c.send("MAIL FROM:<alice@app.test> RET=HDRS ENVID=abc+2B1 BODY=8BITMIME REQUIRETLS\r\n");
            assertThat(c.reply()).isEqualTo("555 5.5.4 REQUIRETLS is only offered over TLS");
            c.send("MAIL FROM:<alice@app.test> RET=HDRS ENVID=abc+2B1 BODY=8BITMIME SIZE=100\r\n");
            assertThat(c.reply()).isEqualTo("250 2.1.0 Ok");
            c.send("RCPT TO:<bob@destination.test> NOTIFY=SUCCESS,DELAY ORCPT=rfc822;bob@destination.test\r\n");
            assertThat(c.reply()).isEqualTo("250 2.1.5 Ok");
            c.send("RCPT TO:<carol@destination.test> NOTIFY=NEVER,SUCCESS\r\n");
            assertThat(c.reply()).startsWith("501 5.5.4");
            c.send("DATA\r\n");
            assertThat(c.reply()).startsWith("354 ");
            c.send("Subject: x\r\n\r\nbody\r\n.\r\n");
            assertThat(c.reply()).isEqualTo("250 2.0.0 Ok: queued as Q1");
        }
    }

    @Test
    void dsnParameters_storedAsGiven() throws Exception {
        try (ServerFixture f = ServerFixture.start(ServerFixture.config()); RawClient c = f.raw()) {
            c.reply();
            c.send("EHLO app.test\r\nMAIL FROM:<> RET=FULL ENVID=e1\r\n"
                    + "RCPT TO:<bob@destination.test> NOTIFY=SUCCESS,DELAY ORCPT=rfc822;bob@destination.test\r\n"
                    + "DATA\r\n");
            assertThat(c.reply()).startsWith("250 ");
            assertThat(c.reply()).startsWith("250 ");
            assertThat(c.reply()).startsWith("250 ");
            assertThat(c.reply()).startsWith("354 ");
            c.send("Subject: x\r\n\r\nbody\r\n.\r\nQUIT\r\n");
            assertThat(c.reply()).startsWith("250 2.0.0");
            QueueEnvelope e = f.store.stored().get(0).envelope();
            assertThat(e.sender()).isEmpty();
            assertThat(e.ret()).isEqualTo(QueueEnvelope.Ret.FULL);
            assertThat(e.envelopeId()).hasValue("e1");
            assertThat(e.requireTls()).isFalse();
            assertThat(e.recipients().get(0).notifyOn())
                    .isEqualTo(Set.of(DsnNotify.SUCCESS, DsnNotify.DELAY));
            assertThat(e.recipients().get(0).originalRecipient()).hasValue("rfc822;bob@destination.test");
        }
    }

    @Test
    void storeFails_451_andNothingAcknowledged() throws Exception {
        try (ServerFixture f = ServerFixture.start(ServerFixture.config(), new MemoryStore().failing())) {
            SmtpOutcome<SmtpClient.Delivered> out = client.deliver(f.address(), "app.test", Optional.empty(),
                    Envelope.of("alice@app.test", "bob@destination.test"), MESSAGE);

            assertThat(out.isOk() ? out.value().transaction().delivered() : java.util.List.of()).isEmpty();
            String reply = out.isOk() ? out.value().transaction().dataReply().orElseThrow().toString()
                    : out.failure().toString();
            assertThat(reply).contains("451").contains("4.3.0");
            assertThat(f.store.stored()).isEmpty();
        }
    }

    @Test
    void storeThrowsUnexpectedly_421_noTrace_nothingAcknowledged() throws Exception {
        try (ServerFixture f = ServerFixture.start(ServerFixture.config(), new MemoryStore().exploding()); RawClient c = f.raw()) {
            c.reply();
            c.send("EHLO app.test\r\nMAIL FROM:<a@app.test>\r\nRCPT TO:<b@d.test>\r\nDATA\r\n");
            for (int i = 0; i < 4; i++) {
                c.reply();
            }
            c.send("Subject: x\r\n\r\nhi\r\n.\r\n");
            assertThat(c.untilClosed()).containsExactly("421 4.3.0 relay.test local error; closing");
        }
    }
}
