package io.mxguard.lab.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import io.mxguard.lab.sender.SenderMode;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The whole lab matrix: every sender mode against every attack, each cell judged from the servers'
 * own records (Bob's MX, the attacker's MX, the on-path stripper), never from the sender's log.
 */
class AttackMatrixTest {

    @Test
    void everyCell_matchesItsExpectation_andMxguardIsNeverInterceptedWhereTheDestinationProtectsItself() throws Exception {
        Matrix m = new AttackMatrix(new AttackMatrix.Listener() { }).run(Arrays.asList(Attack.values()), Arrays.asList(SenderMode.values()));

        assertThat(m.cells()).hasSize(Attack.values().length * SenderMode.values().length);
        for (Cell c : m.cells()) {
            assertThat(c.matched()).as("%s x %s: expected %s, got %s\n  %s", c.attack(), c.mode(), c.expected(), c.actual(),
                    c.story()).isTrue();
        }
        for (Attack a : Attack.values()) {
            Cell mxguard = m.cell(a.id(), SenderMode.MXGUARD.id()).orElseThrow();
            if (a.world() == Attack.World.DANE) {
                assertThat(mxguard.actual().kind()).as(a.id()).isNotEqualTo(Outcome.Kind.INTERCEPTED);
            }
        }
        assertThat(m.cell("none", "mxguard").orElseThrow().actual().kind()).isEqualTo(Outcome.Kind.DELIVERED);
    }

    @Test
    void twoLabsAtOnce_doNotClash() throws Exception {
        var pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            java.util.concurrent.Callable<Matrix> one = () -> new AttackMatrix(new AttackMatrix.Listener() { })
                    .run(java.util.List.of(Attack.MX_AD_SET, Attack.STARTTLS_STRIPPED),
                            java.util.List.of(SenderMode.OPPORTUNISTIC, SenderMode.MXGUARD));
            var a = pool.submit(one);
            var b = pool.submit(one);
            for (Matrix m : java.util.List.of(a.get(), b.get())) {
                assertThat(m.mismatches()).as(m.mismatches().toString()).isEmpty();
                assertThat(m.cells()).hasSize(4);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void everyAttackAndMode_hasAnExpectation() {
        for (Attack a : Attack.values()) {
            for (SenderMode mode : SenderMode.values()) {
                assertThat(Expectations.of(a, mode).why()).isNotBlank();
            }
        }
    }
}
