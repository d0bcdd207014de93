package io.mxguard.lab.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.mxguard.delivery.DeliveryEvent;
import io.mxguard.delivery.DeliveryOptions;
import io.mxguard.delivery.DeliveryReport;
import io.mxguard.delivery.OutboundDelivery;
import io.mxguard.delivery.RecipientOutcome;
import io.mxguard.dns.ValidatingSecureResolver;
import io.mxguard.lab.dns.LabAddresses;
import io.mxguard.lab.dns.LabZones;
import io.mxguard.lab.smtp.LabMailServer;
import io.mxguard.lab.world.DnsWorld;
import io.mxguard.lab.world.WorldResolvers;
import io.mxguard.pki.CertificateSpec;
import io.mxguard.pki.Certificates;
import io.mxguard.policy.LocalPolicy;
import io.mxguard.smtp.client.ClientOptions;
import io.mxguard.smtp.client.Envelope;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Name;

/**
 * Two MX hosts, both with DANE (RFC 7672 §2.2: each host has its own TLSA): when the first one
 * fails authentication the engine moves on to the next, and defers 4.7.5 only when none is left.
 */
class NextMxScenarioTest {
    private static final Instant NOW = Instant.now();
    private static final Certificates.Issued CA = Certificates.issue(CertificateSpec.authority("next-mx CA",
            NOW.minus(Duration.ofHours(1)), NOW.plus(Duration.ofDays(1))), null);

    private static Certificates.Issued leaf(String name) {
        return Certificates.issue(CertificateSpec.server(NOW.minus(Duration.ofHours(1)), NOW.plus(Duration.ofDays(1)), name), CA);
    }

    @Test
    void firstMxFailsDane_secondMxVerified_deliveredToSecond() throws Exception {
        assertThat(run(false)).isEqualTo(RecipientOutcome.Status.DELIVERED);
    }

    @Test
    void bothMxFailDane_defers475_nobodyGetsMail() throws Exception {
        assertThat(run(true)).isEqualTo(RecipientOutcome.Status.DEFERRED);
    }

    private RecipientOutcome.Status run(boolean bothBad) throws Exception {
        InetAddress ip1 = InetAddress.getByName("127.0.10.31");
        InetAddress ip2 = InetAddress.getByName("127.0.10.32");
        var cert1 = leaf("mx1.destination.com");
        var cert2 = leaf("mx2.destination.com");
        var impostor = leaf("mx1.destination.com"); // right name, other key: no TLSA matches it
        try (LabMailServer mx1 = LabMailServer.start(new LabMailServer.Config(ip1, 0, "mx1.destination.com", impostor,
                1 << 20, Duration.ofSeconds(5), 2))) {
            int port = mx1.address().getPort();
            try (LabMailServer mx2 = LabMailServer.start(new LabMailServer.Config(ip2, port, "mx2.destination.com",
                    bothBad ? leaf("mx2.destination.com") : cert2, 1 << 20, Duration.ofSeconds(5), 2))) {
                LabAddresses addresses = DnsWorld.pickAddresses();
                LabZones zones = LabZones.seed(addresses, port);
                zones.zone(LabZones.DESTINATION).mx(10, "mx1").mx(20, "mx2").a("mx1", ip1).a("mx2", ip2)
                        .tlsa("_" + port + "._tcp.mx1", 3, 1, 1, Certificates.spkiSha256(cert1.certificate()))
                        .tlsa("_" + port + "._tcp.mx2", 3, 1, 1, Certificates.spkiSha256(cert2.certificate()));
                try (DnsWorld world = DnsWorld.start(zones, Clock.systemUTC());
                     ValidatingSecureResolver resolver = WorldResolvers.validating(world, world.honestResolver())) {
                    List<DeliveryEvent> events = new CopyOnWriteArrayList<>();
                    OutboundDelivery engine = new OutboundDelivery(resolver, LocalPolicy.defaults(),
                            DeliveryOptions.defaults("smtp.source.com").withPort(port)
                                    .withClient(ClientOptions.defaults().withAllTimeouts(Duration.ofSeconds(5))),
                            new Random(3), events::add);
                    DeliveryReport report = engine.attempt(Name.fromConstantString("destination.com."),
                            Envelope.of("alice@source.com", "bob@destination.com"), LabSender.MESSAGE);

                    RecipientOutcome bob = report.recipients().get(0);
                    assertThat(mx1.sawVerb("MAIL")).as("the impostor at mx1 saw MAIL FROM").isFalse();
                    assertThat(report.skipped()).anySatisfy(s -> assertThat(s).startsWith("mx1.destination.com[")
                            .contains("DANE NO_MATCH"));
                    if (bothBad) {
                        assertThat(bob.enhancedStatus()).isEqualTo("4.7.5");
                        assertThat(mx2.sawVerb("MAIL")).isFalse();
                    } else {
                        assertThat(bob.route().get().host()).hasToString("mx2.destination.com.");
                        assertThat(mx2.messages()).hasSize(1);
                    }
                    return bob.status();
                }
            }
        }
    }
}
