package io.mxguard.lab.dns;

import static io.mxguard.lab.dns.Signatures.name;
import static org.assertj.core.api.Assertions.assertThat;

import io.mxguard.dns.DnsAnswer;
import io.mxguard.dns.Security;
import io.mxguard.dns.ValidatingSecureResolver;
import io.mxguard.lab.world.DnsWorld;
import io.mxguard.lab.world.WorldResolvers;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.NSECRecord;
import org.xbill.DNS.RRset;
import org.xbill.DNS.Type;

/** The seed variant whose destination.com. is unsigned: DNSSEC's limit, proven insecure rather than broken. */
class UnsignedDestinationTest {

    @Test
    void unsignedDestination_hasNoKeysNorDs_andComsNsecAtTheCutProvesIt() {
        LabZones lab = LabZones.seedUnsignedDestination(LabAddresses.loopback(), 2525).bobTlsa(3, 1, 1, new byte[32]);
        LabDns dns = lab.sign(Clock.systemUTC());

        assertThat(lab.keys(LabZones.DESTINATION)).isEmpty();
        assertThat(dns.zone(LabZones.DESTINATION).isSigned()).isFalse();
        assertThat(dns.zone(LabZones.SOURCE).isSigned()).as("the other zones stay signed").isTrue();
        ServedZone com = dns.zone(LabZones.COM);
        assertThat(com.rrset(LabZones.DESTINATION, Type.DS)).isEmpty();
        RRset nsec = com.rrset(LabZones.DESTINATION, Type.NSEC).orElseThrow();
        assertThat(((NSECRecord) nsec.first()).hasType(Type.NS)).isTrue();
        assertThat(((NSECRecord) nsec.first()).hasType(Type.DS)).isFalse();
        assertThat(nsec.sigs()).isNotEmpty();
        assertThat(dns.zone(LabZones.DESTINATION).rrset(name("_2525._tcp.mx.destination.com."), Type.TLSA))
                .get().satisfies(tlsa -> assertThat(tlsa.sigs()).isEmpty());
    }

    @Test
    void unsignedDestination_mxThroughTheHonestResolver_isInsecure_notBogus() throws Exception {
        LabZones zones = LabZones.seedUnsignedDestination(DnsWorld.pickAddresses(), 25);
        try (DnsWorld world = DnsWorld.start(zones, Clock.systemUTC());
             ValidatingSecureResolver resolver = WorldResolvers.validating(world, world.honestResolver())) {
            DnsAnswer mx = resolver.lookup(LabZones.DESTINATION, Type.MX);
            assertThat(mx.security()).as(mx.reason()).isEqualTo(Security.INSECURE);
            assertThat(mx.records()).singleElement()
                    .satisfies(r -> assertThat(((MXRecord) r).getTarget()).hasToString("mx.destination.com."));
            DnsAnswer source = resolver.lookup(LabZones.SOURCE, Type.MX);
            assertThat(source.security()).as("source.com. is still signed").isEqualTo(Security.SECURE);
        }
    }
}
