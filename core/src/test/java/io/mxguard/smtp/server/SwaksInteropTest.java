package io.mxguard.smtp.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.mxguard.interop.Peer;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** swaks, a real SMTP client from Debian, submits through our server. */
class SwaksInteropTest {

    @Test
    void swaks_startTlsSubmission_arrivesInTheStore() throws Exception {
        Path swaks = Peer.require("swaks", "swaks");
        try (ServerFixture f = ServerFixture.start(ServerFixture.config())) {
            Peer.Result r = Peer.run(swaks.toString(), "--server", "127.0.0.1", "--port",
                    String.valueOf(f.address().getPort()), "--tls", "--ehlo", "app.test", "--from", "alice@app.test",
                    "--to", "bob@destination.test", "--header", "Subject: from swaks", "--body", "hello via swaks",
                    "--timeout", "10");

            assertThat(r.exit()).as("%s", r).isZero();
            assertThat(r.output()).contains("<~  250 2.0.0 Ok: queued as Q1");
            assertThat(f.store.stored()).singleElement().satisfies(s -> {
                assertThat(s.envelope().recipients().get(0).address()).isEqualTo("bob@destination.test");
                assertThat(s.text()).contains(" with ESMTPS id ").contains("Subject: from swaks").contains("hello via swaks");
            });
        }
    }

    @Test
    void swaks_pipelinedPlainSubmission_arrivesInTheStore() throws Exception {
        Path swaks = Peer.require("swaks", "swaks");
        try (ServerFixture f = ServerFixture.start(ServerFixture.config())) {
            Peer.Result r = Peer.run(swaks.toString(), "--server", "127.0.0.1", "--port",
                    String.valueOf(f.address().getPort()), "--pipeline", "--ehlo", "app.test",
                    "--from", "alice@app.test", "--to", "bob@destination.test,carol@destination.test", "--timeout", "10");

            assertThat(r.exit()).as("%s", r).isZero();
            assertThat(f.store.stored()).singleElement().satisfies(s ->
                    assertThat(s.envelope().recipients()).hasSize(2));
        }
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "AUTH {0}")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"PLAIN", "LOGIN"})
    void swaks_authOverTls_fromOutsideTheRelayNetworks_arrivesInTheStore(String mechanism) throws Exception {
        Path swaks = Peer.require("swaks", "swaks");
        try (ServerFixture f = ServerFixture.start(AuthTest.outsider())) {
            Peer.Result r = Peer.run(swaks.toString(), "--server", "127.0.0.1", "--port",
                    String.valueOf(f.address().getPort()), "--tls", "--auth", mechanism, "--auth-user", "bob",
                    "--auth-password", "secret", "--from", "a@b", "--to", "bob@destination.com", "--timeout", "10");

            assertThat(r.exit()).as("%s", r).isZero();
            assertThat(r.output()).contains("<~  235 2.7.0").contains("<~  250 2.0.0 Ok: queued as Q1");
            assertThat(f.store.stored()).singleElement().satisfies(s -> {
                assertThat(s.envelope().recipients().get(0).address()).isEqualTo("bob@destination.com");
                assertThat(s.envelope().receivedFrom()).endsWith(" authenticated as bob");
                assertThat(s.text()).contains(" with ESMTPSA id ");
            });
        }
    }

    @Test
    void swaks_wrongPassword_535_nothingStored() throws Exception {
        Path swaks = Peer.require("swaks", "swaks");
        try (ServerFixture f = ServerFixture.start(AuthTest.outsider())) {
            Peer.Result r = Peer.run(swaks.toString(), "--server", "127.0.0.1", "--port",
                    String.valueOf(f.address().getPort()), "--tls", "--auth", "PLAIN", "--auth-user", "bob",
                    "--auth-password", "guess", "--from", "a@b", "--to", "bob@destination.com", "--timeout", "10");

            assertThat(r.exit()).as("%s", r).isNotZero();
            assertThat(r.output()).contains("<~* 535 5.7.8");
            assertThat(f.store.stored()).isEmpty();
        }
    }
}
