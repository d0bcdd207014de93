package io.mxguard.lab.world;

import io.mxguard.dns.ResolverOptions;
import io.mxguard.dns.TrustAnchors;
import io.mxguard.dns.Upstream;
import io.mxguard.dns.ValidatingSecureResolver;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/** WorldResolvers - our validating resolver pointed at one server of a lab world, from the lab anchor. */
public final class WorldResolvers {
    private WorldResolvers() {
    }

    /** validating - a fresh resolver (empty cache) over {@code server}, anchored at the world's root. */
    public static ValidatingSecureResolver validating(DnsWorld world, InetSocketAddress server) throws IOException, io.mxguard.dns.TrustAnchorException {
        return validating(world.trustAnchorFile(), server);
    }

    public static ValidatingSecureResolver validating(Path trustAnchorFile, InetSocketAddress server)
            throws IOException, io.mxguard.dns.TrustAnchorException {
        // Loopback answers in microseconds; short tries keep a failing scenario from stalling the suite.
        ResolverOptions options = ResolverOptions.defaults().withTimeoutPerTry(Duration.ofSeconds(1)).withTries(2)
                .withDeadline(Duration.ofSeconds(5));
        return ValidatingSecureResolver.create(List.of(upstream(server)), TrustAnchors.load(trustAnchorFile),
                options, Clock.systemUTC());
    }

    public static Upstream upstream(InetSocketAddress server) {
        return new Upstream(server.getAddress().getHostAddress(), server.getPort());
    }
}
