package io.mxguard.lab.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.mxguard.delivery.ConnectionCache;
import io.mxguard.delivery.DeliveryEvent;
import io.mxguard.delivery.DeliveryReport;
import io.mxguard.delivery.RecipientOutcome;
import io.mxguard.lab.smtp.LabFault;
import io.mxguard.lab.smtp.ReceivedMessage;
import io.mxguard.lab.world.LabWorld;
import io.mxguard.policy.Assurance;
import io.mxguard.policy.TlsLevel;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Scenario tests of connection reuse on the lab world: a kept session carries the next message to Bob
 * only under the very same route and TLS policy, and a dead one is replaced without the sender noticing.
 * Connections are counted by Bob's MX itself.
 */
class ConnectionReuseScenarioTest {
    private static LabWorld world;
    private ConnectionCache cache;
    private int connectionsBefore;
    private int messagesBefore;

    @BeforeAll
    static void startWorld() throws Exception {
        world = LabWorld.start();
    }

    @AfterAll
    static void stopWorld() {
        world.close();
    }

    @BeforeEach
    void honestWorld() {
        world.dns().hijack(List.of());
        world.bobMx().faults();
        cache = ConnectionCache.reusing(ConnectionCache.Limits.defaults());
        connectionsBefore = world.bobMx().connections();
        messagesBefore = world.bobMx().messages().size();
    }

    @AfterEach
    void closeCache() {
        cache.close();
        assertThat(world.attackerMx().sawVerb("MAIL")).as("the attacker's MX saw a MAIL FROM").isFalse();
    }

    @Test
    void reuseOn_twoMessagesToBob_oneConnection_bothDaneVerified() throws Exception {
        LabSender alice = new LabSender(world, cache);

        assertVerifiedToBob(alice.send(world.dns().honestResolver(), TlsLevel.DANE));
        assertThat(alice.events).anyMatch(e -> e instanceof DeliveryEvent.Connecting);
        assertVerifiedToBob(alice.send(world.dns().honestResolver(), TlsLevel.DANE));

        assertThat(alice.events).as("the second attempt connected or shook hands again")
                .noneMatch(e -> e instanceof DeliveryEvent.Connecting || e instanceof DeliveryEvent.TlsEstablished);
        assertThat(alice.events).anyMatch(e -> e instanceof DeliveryEvent.Reusing r && r.transaction() == 2
                && r.tls().how().equals("DANE-EE"));
        assertThat(newConnections()).isEqualTo(1);
        List<ReceivedMessage> got = newMessages();
        assertThat(got).hasSize(2).allSatisfy(m -> assertThat(m.tls()).as("received over TLS").isPresent());
        assertThat(got.get(1).client()).as("same client connection").isEqualTo(got.get(0).client());
        assertThat(cache.idleSessions()).isEqualTo(1);
    }

    @Test
    void reuseOff_twoMessagesToBob_twoConnections() throws Exception {
        LabSender alice = new LabSender(world, ConnectionCache.disabled());

        assertVerifiedToBob(alice.send(world.dns().honestResolver(), TlsLevel.DANE));
        assertVerifiedToBob(alice.send(world.dns().honestResolver(), TlsLevel.DANE));

        assertThat(alice.events).anyMatch(e -> e instanceof DeliveryEvent.Connecting);
        assertThat(newConnections()).isEqualTo(2);
        assertThat(newMessages()).hasSize(2);
    }

    @Test
    void reuseOn_differentPolicyLevel_newConnection() throws Exception {
        LabSender alice = new LabSender(world, cache);

        assertVerifiedToBob(alice.send(world.dns().honestResolver(), TlsLevel.DANE));
        // Same host, address and TLSA records; only the level differs (dane-only): not the same policy.
        assertVerifiedToBob(alice.send(world.dns().honestResolver(), TlsLevel.DANE_ONLY));

        assertThat(alice.events).anyMatch(e -> e instanceof DeliveryEvent.Connecting)
                .noneMatch(e -> e instanceof DeliveryEvent.Reusing);
        assertThat(newConnections()).isEqualTo(2);
        assertThat(cache.idleSessions()).as("one kept session per policy").isEqualTo(2);
    }

    @Test
    void reuseOn_connectionCutWhileIdle_reconnectsTransparently() throws Exception {
        try (CuttableRelay relay = CuttableRelay.to(world.bobMx().address())) {
            InetSocketAddress bobRoute = new InetSocketAddress(world.addresses().bobMx(), world.smtpPort());
            LabSender alice = new LabSender(world, cache,
                    a -> a.equals(bobRoute) ? relay.address() : world.smtpEndpoint(a.getAddress(), a.getPort()));

            assertVerifiedToBob(alice.send(world.dns().honestResolver(), TlsLevel.DANE));
            relay.cutAll();
            DeliveryReport second = alice.send(world.dns().honestResolver(), TlsLevel.DANE);

            assertVerifiedToBob(second);
            assertThat(second.skipped()).as("no route failure reported").isEmpty();
            assertThat(alice.events).anyMatch(e -> e instanceof DeliveryEvent.StaleConnection)
                    .anyMatch(e -> e instanceof DeliveryEvent.Connecting);
            assertThat(newConnections()).isEqualTo(2);
            assertThat(newMessages()).hasSize(2);
        }
    }

    @Test
    void reuseOn_server421_sessionNeverReused() throws Exception {
        LabSender alice = new LabSender(world, cache);
        assertVerifiedToBob(alice.send(world.dns().honestResolver(), TlsLevel.DANE));

        world.bobMx().faults(new LabFault.RejectMail(421));
        DeliveryReport refused = alice.send(world.dns().honestResolver(), TlsLevel.DANE);
        assertThat(refused.worst()).isEqualTo(RecipientOutcome.Status.DEFERRED);
        // The kept session said 421 and was dropped; the fresh one said 421 too and was not kept.
        assertThat(alice.events).anyMatch(e -> e instanceof DeliveryEvent.StaleConnection);
        assertThat(cache.idleSessions()).isZero();

        world.bobMx().faults();
        assertVerifiedToBob(alice.send(world.dns().honestResolver(), TlsLevel.DANE));
        assertThat(alice.events).noneMatch(e -> e instanceof DeliveryEvent.Reusing);
        assertThat(newConnections()).isEqualTo(3);
        assertThat(newMessages()).hasSize(2);
    }

    @Test
    void reuseOn_messageLimitReached_newConnection() throws Exception {
        cache.close();
        cache = ConnectionCache.reusing(new ConnectionCache.Limits(Duration.ofSeconds(5), 2, 4));
        LabSender alice = new LabSender(world, cache);

        for (int i = 0; i < 3; i++) {
            assertVerifiedToBob(alice.send(world.dns().honestResolver(), TlsLevel.DANE));
        }

        assertThat(newConnections()).as("2 messages on the first connection, the third on a new one").isEqualTo(2);
        assertThat(newMessages()).hasSize(3);
    }

    @Test
    void reuseOn_idleTimeoutPassed_newConnection() throws Exception {
        cache.close();
        cache = ConnectionCache.reusing(new ConnectionCache.Limits(Duration.ofMillis(200), 100, 4));
        LabSender alice = new LabSender(world, cache);

        assertVerifiedToBob(alice.send(world.dns().honestResolver(), TlsLevel.DANE));
        Thread.sleep(600);
        assertThat(cache.idleSessions()).as("the sweeper QUIT the idle session").isZero();
        assertVerifiedToBob(alice.send(world.dns().honestResolver(), TlsLevel.DANE));

        assertThat(alice.events).noneMatch(e -> e instanceof DeliveryEvent.Reusing);
        assertThat(newConnections()).isEqualTo(2);
    }

    private static void assertVerifiedToBob(DeliveryReport report) {
        RecipientOutcome bob = report.recipients().get(0);
        assertThat(bob.status()).as(bob.reason()).isEqualTo(RecipientOutcome.Status.DELIVERED);
        assertThat(bob.route()).get().satisfies(r -> {
            assertThat(r.tls().level()).isEqualTo(Assurance.VERIFIED);
            assertThat(r.tls().how()).isEqualTo("DANE-EE");
            assertThat(r.host()).hasToString("mx.destination.com.");
        });
    }

    private int newConnections() {
        return world.bobMx().connections() - connectionsBefore;
    }

    private List<ReceivedMessage> newMessages() {
        List<ReceivedMessage> all = world.bobMx().messages();
        return all.subList(messagesBefore, all.size());
    }
}
