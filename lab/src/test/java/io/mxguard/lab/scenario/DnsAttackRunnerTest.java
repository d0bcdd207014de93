package io.mxguard.lab.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import io.mxguard.dns.Security;
import io.mxguard.lab.world.DnsWorld;
import io.mxguard.lab.world.LabWorld;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class DnsAttackRunnerTest {

    @Test
    void everyScenario_reachesItsExpectedVerdict() throws Exception {
        try (LabWorld lab = LabWorld.start()) {
            DnsWorld world = lab.dns();
            List<DnsAttackRunner.Outcome> outcomes = new DnsAttackRunner(world).run(Arrays.asList(DnsAttack.values()));
            assertThat(outcomes).hasSize(DnsAttack.values().length);
            for (DnsAttackRunner.Outcome o : outcomes) {
                assertThat(o.matched())
                        .as("%s: expected %s, got %s (%s); resolver said %s", o.attack().id(), o.attack().expect(),
                                o.verdict().security(), o.verdict().reason(), o.resolverSaid())
                        .isTrue();
            }
        }
    }

    @Test
    void mxRewrittenWithAd_resolverClaimsValidated_butWeSayBogus() throws Exception {
        try (LabWorld lab = LabWorld.start()) {
            DnsWorld world = lab.dns();
            DnsAttackRunner.Outcome o = new DnsAttackRunner(world).run(DnsAttack.MX_REWRITTEN_AD_SET);
            assertThat(o.resolverAd()).isTrue();
            assertThat(o.resolverSaid()).contains("mx.attacker.net.");
            assertThat(o.verdict().security()).isEqualTo(Security.BOGUS);
            assertThat(o.verdict().records()).isEmpty();
        }
    }

    @Test
    void scenarioIds_areUniqueAndFindable() {
        for (DnsAttack a : DnsAttack.values()) {
            assertThat(DnsAttack.byId(a.id().toUpperCase())).contains(a);
        }
        assertThat(DnsAttack.byId("no-such-attack")).isEmpty();
    }
}
