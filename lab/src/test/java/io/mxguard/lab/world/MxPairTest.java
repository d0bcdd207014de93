package io.mxguard.lab.world;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mxguard.lab.dns.LabAddresses;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class MxPairTest {
    private static final LabPki PKI = LabPki.mint(Instant.now(), LabPki.Issuer.PUBLIC_CA);

    @Test
    void portTakenOnTheAttackersAddress_retriesAnotherSharedPort() throws Exception {
        LabAddresses spread = DnsWorld.pickAddresses();
        Assumptions.assumeFalse(spread.bobMx().equals(spread.attackerMx()), "needs 127.0.10.x");
        try (ServerSocket squatter = new ServerSocket(0, 1, spread.attackerMx())) {
            int taken = squatter.getLocalPort();
            AtomicInteger tries = new AtomicInteger();
            try (MxPair pair = MxPair.start(spread.bobMx(), PKI.bob(), spread.attackerMx(), PKI.attacker(),
                    () -> tries.getAndIncrement() == 0 ? taken : 0)) {
                assertThat(tries.get()).isEqualTo(2);
                assertThat(pair.port()).isNotEqualTo(taken);
                assertThat(pair.attacker.address().getPort()).isEqualTo(pair.port());
            }
            // Bob's first listener was released when the attacker could not share its port.
            try (ServerSocket again = new ServerSocket(taken, 1, spread.bobMx())) {
                assertThat(again.isBound()).isTrue();
            }
        }
    }

    @Test
    void portAlwaysTaken_givesUpAfterBoundedTries() throws Exception {
        LabAddresses spread = DnsWorld.pickAddresses();
        Assumptions.assumeFalse(spread.bobMx().equals(spread.attackerMx()), "needs 127.0.10.x");
        try (ServerSocket squatter = new ServerSocket(0, 1, spread.attackerMx())) {
            int taken = squatter.getLocalPort();
            AtomicInteger tries = new AtomicInteger();
            assertThatThrownBy(() -> MxPair.start(spread.bobMx(), PKI.bob(), spread.attackerMx(), PKI.attacker(),
                    () -> {
                        tries.incrementAndGet();
                        return taken;
                    })).isInstanceOf(IOException.class).hasMessageContaining("no port free");
            assertThat(tries.get()).isEqualTo(MxPair.MAX_TRIES);
        }
    }
}
