package io.mxguard.smtp.server;

import static io.mxguard.smtp.server.AuthTest.b64;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The pause that slows a password guesser: every failed AUTH, and only a failed one, waits before its answer. */
class SessionAuthTest {

    @Test
    void failedAuth_535And421_eachComeAfterThePause() throws Exception {
        try (ServerFixture f = ServerFixture.start(AuthTest.outsider()); TlsClient c = TlsClient.open(f)) {
            c.ehlo();
            for (int i = 1; i <= SessionAuth.MAX_FAILURES; i++) {
                long start = System.nanoTime();
                String reply = c.ask("AUTH PLAIN " + b64("\0bob\0wrong" + i));
                long waitedMillis = (System.nanoTime() - start) / 1_000_000;
                assertThat(reply).startsWith(i < SessionAuth.MAX_FAILURES ? "535 5.7.8" : "421 4.7.0");
                assertThat(waitedMillis).as("failure %d", i).isGreaterThanOrEqualTo(SessionAuth.FAILURE_DELAY_MILLIS);
            }
        }
    }

    @Test
    void refusedExchange_notPaused_notCounted() throws Exception {
        try (ServerFixture f = ServerFixture.start(AuthTest.outsider()); TlsClient c = TlsClient.open(f)) {
            c.ehlo();
            long start = System.nanoTime();
            for (int i = 0; i < SessionAuth.MAX_FAILURES; i++) {
                assertThat(c.ask("AUTH PLAIN not-base64!")).startsWith("501 5.5.2");
            }
            assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(SessionAuth.FAILURE_DELAY_MILLIS);
            assertThat(c.ask("AUTH PLAIN " + b64("\0bob\0secret"))).isEqualTo("235 2.7.0 Authentication successful");
        }
    }
}
