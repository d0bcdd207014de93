package io.mxguard.lab.relay;

import static org.assertj.core.api.Assertions.assertThat;

import io.mxguard.lab.world.LabWorld;
import io.mxguard.queue.QueueState;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The relay is not an open relay: a client outside its relay networks gets 554 at RCPT for every address
 * trick that once made servers relay (source routes, the percent hack, quoted and doubled at-signs), and
 * nothing reaches the spool or Bob.
 */
class OpenRelayScenarioTest {
    private static LabWorld world;

    @BeforeAll
    static void startWorld() throws Exception {
        world = LabWorld.start();
    }

    @AfterAll
    static void stopWorld() {
        world.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"bob@destination.com", "@a.example:bob@destination.com", "bob%destination.com@source.com",
        "\"bob@destination.com\"@source.com", "bob@destination.com@source.com", "bob!destination.com@source.com"})
    void clientOutsideRelayNetworks_everyAddressTrick_554_nothingQueued(String recipient, @TempDir Path spool)
            throws Exception {
        String marker = "open-relay-" + UUID.randomUUID();
        try (RelayPipeline relay = RelayPipeline.start(RelayPipeline.Settings
                .forWorld(world, world.dns().honestResolver(), spool).withRelayNetworks("10.0.0.0/8"), e -> { })) {
            Submission s = Submission.submit(relay.smtp(), marker, recipient);

            assertThat(s.acknowledged()).isFalse();
            assertThat(s.reply()).as("reply to RCPT TO:<%s>: %s", recipient, s).contains(554);
            assertThat(relay.admin().list()).as("queued").isEmpty();
            assertThat(relay.spool().list(QueueState.CORRUPT)).isEmpty();
        }
        assertThat(Submission.copiesAt(world.bobMx().messages(), marker)).isZero();
    }
}
