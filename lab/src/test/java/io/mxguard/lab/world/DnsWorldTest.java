package io.mxguard.lab.world;

import static org.assertj.core.api.Assertions.assertThat;

import io.mxguard.dns.DnsAnswer;
import io.mxguard.dns.ResolverOptions;
import io.mxguard.dns.Security;
import io.mxguard.dns.TrustAnchors;
import io.mxguard.dns.Upstream;
import io.mxguard.dns.ValidatingSecureResolver;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Type;

class DnsWorldTest {

    @Test
    void honestResolver_destinationMx_isSecure() throws Exception {
        try (DnsWorld world = DnsWorld.start(25);
             ValidatingSecureResolver resolver = resolverFor(world, world.honestResolver())) {
            DnsAnswer answer = resolver.lookup(Name.fromString("destination.com."), Type.MX);
            assertThat(answer.security()).as(answer.reason()).isEqualTo(Security.SECURE);
            assertThat(answer.records()).singleElement()
                    .satisfies(r -> assertThat(((MXRecord) r).getTarget()).hasToString("mx.destination.com."));
        }
    }

    @Test
    void close_deletesFiles_andTwoWorldsRunAtOnce() throws Exception {
        DnsWorld first = DnsWorld.start(25);
        try (DnsWorld second = DnsWorld.start(25)) {
            assertThat(first.honestResolver()).isNotEqualTo(second.honestResolver());
            assertThat(Files.exists(first.trustAnchorFile())).isTrue();
        } finally {
            first.close();
        }
        assertThat(Files.exists(first.directory())).isFalse();
    }

    static ValidatingSecureResolver resolverFor(DnsWorld world, InetSocketAddress server) throws Exception {
        Upstream upstream = new Upstream(server.getAddress().getHostAddress(), server.getPort());
        return ValidatingSecureResolver.create(List.of(upstream), TrustAnchors.load(world.trustAnchorFile()),
                ResolverOptions.defaults(), Clock.systemUTC());
    }
}
