package io.mxguard.lab.world;

import static org.assertj.core.api.Assertions.assertThat;

import io.mxguard.dns.DnsAnswer;
import io.mxguard.dns.MxLookup;
import io.mxguard.dns.MxResult;
import io.mxguard.dns.Security;
import io.mxguard.dns.ValidatingSecureResolver;
import io.mxguard.lab.dns.LabZones;
import java.time.Clock;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Type;

/**
 * ExpiredSignaturesScenarioTest - a tree signed 60 days ago (signatures live 30 days) is served as
 * it is, e.g. replayed by an attacker: nothing in it validates, not even the root's DNSKEY.
 */
class ExpiredSignaturesScenarioTest {

    @Test
    void signedSixtyDaysAgo_destinationMx_isBogus_andMailDefers() throws Exception {
        Clock past = Clock.offset(Clock.systemUTC(), Duration.ofDays(-60));
        LabZones zones = LabZones.seed(DnsWorld.pickAddresses(), 25);
        try (DnsWorld world = DnsWorld.start(zones, past);
             ValidatingSecureResolver resolver = WorldResolvers.validating(world, world.honestResolver())) {
            DnsAnswer answer = resolver.lookup(LabZones.DESTINATION, Type.MX);
            assertThat(answer).as(answer.toString()).isInstanceOf(DnsAnswer.Failed.class);
            assertThat(answer.security()).as(answer.toString()).isEqualTo(Security.BOGUS);
            assertThat(answer.reason()).as(answer.toString()).isNotBlank();

            MxResult mx = new MxLookup(resolver, new Random(1)).lookup(LabZones.DESTINATION);
            assertThat(mx).as(mx.toString()).isInstanceOf(MxResult.Deferred.class);
        }
    }
}
