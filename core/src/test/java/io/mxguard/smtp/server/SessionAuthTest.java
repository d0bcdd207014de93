package io.mxguard.smtp.server;

import static io.mxguard.smtp.server.AuthTest.b64;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The pause that slows a password guesser: every failed AUTH, and only a failed one, pauses before its
 * answer. The pause is recorded, not slept: the server pauses before it replies, so when the reply arrives
 * the pause is in the list.
 */
class SessionAuthTest {
    private final List<Duration> pauses = new CopyOnWriteArrayList<>();

    private ServerConfig recordingPauses() {
        return AuthTest.outsider().withAuthPause(pauses::add);
    }

    @Test
    void failedAuth_535And421_eachComeAfterAOneSecondPause() throws Exception {
        try (ServerFixture f = ServerFixture.start(recordingPauses()); TlsClient c = TlsClient.open(f)) {
            c.ehlo();
            for (int i = 1; i <= SessionAuth.MAX_FAILURES; i++) {
                String reply = c.ask("AUTH PLAIN " + b64("\0bob\0wrong" + i));
                assertThat(reply).startsWith(i < SessionAuth.MAX_FAILURES ? "535 5.7.8" : "421 4.7.0");
                assertThat(pauses).as("after failure %d", i).hasSize(i).containsOnly(Duration.ofSeconds(1));
            }
        }
    }

    @Test
    void refusedExchange_notPaused_notCounted() throws Exception {
        try (ServerFixture f = ServerFixture.start(recordingPauses()); TlsClient c = TlsClient.open(f)) {
            c.ehlo();
            for (int i = 0; i < SessionAuth.MAX_FAILURES; i++) {
                assertThat(c.ask("AUTH PLAIN not-base64!")).startsWith("501 5.5.2");
            }
            assertThat(pauses).isEmpty();
            assertThat(c.ask("AUTH PLAIN " + b64("\0bob\0secret"))).isEqualTo("235 2.7.0 Authentication successful");
            assertThat(pauses).isEmpty();
        }
    }
}
