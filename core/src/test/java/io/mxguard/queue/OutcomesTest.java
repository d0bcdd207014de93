package io.mxguard.queue;

import io.mxguard.smtp.DsnNotify;
import static org.assertj.core.api.Assertions.assertThat;

import io.mxguard.delivery.RecipientOutcome;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OutcomesTest {
    private static final Instant ARRIVAL = Instant.parse("2024-05-01T10:00:00Z");

    @ParameterizedTest
    @CsvSource({
            "PT120H, 5 days",
            "PT24H,  1 day",
            "PT36H,  36h",
            "PT90M,  1h30m",
            "PT2S,   2s",
            "PT1H1S, 1h1s",
            "PT0.5S, 500ms",
    })
    void lifetime_readsAsConfigured(Duration lifetime, String text) {
        assertThat(Outcomes.lifetime(lifetime)).isEqualTo(text);
    }

    @Test
    void expiredAfterSeconds_reasonNamesTheLifetime_notZeroDays() {
        QueueConfig config = new QueueConfig(Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(2),
                Duration.ofHours(4), 2, 4, "relay.source.com");
        QueuedMessage m = QueuedMessage.fresh("id", SpoolTest.envelope("alice@source.com", "bob@destination.com"),
                ARRIVAL, SpoolTest.content("x"));
        RecipientOutcome deferred = new RecipientOutcome("bob@destination.com", RecipientOutcome.Status.DEFERRED,
                "4.7.5", "DANE authentication failed", RecipientOutcome.Fault.REMOTE_SITE, Optional.empty());

        QueueManager.Outcome o = Outcomes.apply(m, Map.of("bob@destination.com", deferred), config,
                ARRIVAL.plusSeconds(2));

        RecipientState bob = o.message().recipients().get(0);
        assertThat(bob.status()).isEqualTo(RecipientState.Status.BOUNCED);
        assertThat(bob.enhancedStatus()).isEqualTo("4.7.5");
        assertThat(bob.reason()).isEqualTo(
                "message expired after 2s in the queue; last error: DANE authentication failed");
        assertThat(o.dsn()).extracting(DeliveryStatusNotification.Entry::action)
                .containsExactly(DeliveryStatusNotification.Action.FAILED);
    }

    @ParameterizedTest
    @CsvSource({
            // NOTIFY,         next hop announced DSN, the DSN we send (RFC 3461 §5.2.1, §5.2.2)
            "SUCCESS,          false, RELAYED",
            "SUCCESS,          true,  NONE",
            "'SUCCESS,FAILURE', false, RELAYED",
            "'SUCCESS,FAILURE', true,  NONE",
            "FAILURE,          false, NONE",
            "NEVER,            false, NONE",
            "'',               false, NONE",
            "'',               true,  NONE",
    })
    void delivered_successReportOnlyWhenAskedAndTheNextHopWillNot(String notify, boolean nextHopDsn, String dsn)
            throws Exception {
        java.util.Set<DsnNotify> asked = notify.isEmpty() ? java.util.Set.of()
                : java.util.Arrays.stream(notify.split(",")).map(DsnNotify::valueOf)
                        .collect(java.util.stream.Collectors.toSet());
        QueueEnvelope e = new QueueEnvelope("alice@source.com", java.util.List.of(new QueueEnvelope.Recipient(
                "bob@destination.com", asked, Optional.empty())), Optional.empty(), QueueEnvelope.Ret.DEFAULT, false,
                "x");
        QueuedMessage m = QueuedMessage.fresh("id", e, ARRIVAL, SpoolTest.content("x"));
        io.mxguard.delivery.RouteUsed route = new io.mxguard.delivery.RouteUsed(
                org.xbill.DNS.Name.fromConstantString("mx.destination.com."),
                new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 25),
                io.mxguard.delivery.TlsOutcome.NONE, nextHopDsn);
        RecipientOutcome delivered = new RecipientOutcome("bob@destination.com", RecipientOutcome.Status.DELIVERED,
                "2.0.0", "250 2.0.0 Ok", RecipientOutcome.Fault.NONE, Optional.of(route));

        QueueManager.Outcome o = Outcomes.apply(m, Map.of("bob@destination.com", delivered),
                QueueConfig.defaults("relay.source.com"), ARRIVAL);

        assertThat(o.message().isDone()).isTrue();
        assertThat(o.dsn().stream().map(d -> d.action().name()).findFirst().orElse("NONE")).isEqualTo(dsn);
        assertThat(o.expired()).isEmpty();
    }

    @Test
    void expired_namedInTheOutcome_lowerCase() {
        QueueConfig config = new QueueConfig(Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(2),
                Duration.ofHours(4), 2, 4, "relay.source.com");
        QueuedMessage m = QueuedMessage.fresh("id", SpoolTest.envelope("alice@source.com", "Bob@destination.com"),
                ARRIVAL, SpoolTest.content("x"));
        RecipientOutcome deferred = new RecipientOutcome("Bob@destination.com", RecipientOutcome.Status.DEFERRED,
                "4.4.1", "connection refused", RecipientOutcome.Fault.NETWORK, Optional.empty());

        assertThat(Outcomes.apply(m, Map.of("bob@destination.com", deferred), config, ARRIVAL.plusSeconds(1))
                .expired()).isEmpty();
        assertThat(Outcomes.apply(m, Map.of("bob@destination.com", deferred), config, ARRIVAL.plusSeconds(2))
                .expired()).containsExactly("bob@destination.com");
    }
}
