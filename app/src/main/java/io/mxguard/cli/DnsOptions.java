package io.mxguard.cli;

import io.mxguard.dns.ResolverOptions;
import io.mxguard.dns.TrustAnchorException;
import io.mxguard.dns.TrustAnchors;
import io.mxguard.dns.Upstream;
import io.mxguard.dns.UpstreamSpecException;
import io.mxguard.dns.ValidatingSecureResolver;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * DnsOptions - the flags every command that looks things up shares: which resolver to ask, which
 * trust anchors to validate from, and how long to wait.
 */
final class DnsOptions {

    @Option(names = "--resolver", paramLabel = "HOST[:PORT]",
            description = "Upstream resolver: IPv4[:PORT], [IPv6]:PORT, IPv6 or a host name; repeatable. "
                    + "Default: the nameservers of /etc/resolv.conf. Its answers are validated here; its AD bit is ignored.")
    List<String> resolvers = new ArrayList<>();

    @Option(names = "--trust-anchor", paramLabel = "FILE",
            description = "DS or DNSKEY records in zone-file format (as unbound's trust-anchor-file). "
                    + "Default: the IANA root anchors (KSK-2017 tag 20326, KSK-2024 tag 38696), built in.")
    Path trustAnchor;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "2",
            description = "Time to wait for each try, in seconds (default: ${DEFAULT-VALUE}).")
    double timeoutSeconds;

    @Option(names = "--tries", paramLabel = "N", defaultValue = "3",
            description = "Tries per query, rotating over the resolvers (default: ${DEFAULT-VALUE}).")
    int tries;

    /** upstreams - the parsed --resolver values, or the system's resolvers. */
    List<Upstream> upstreams() {
        if (resolvers.isEmpty()) {
            List<Upstream> system = Upstream.system();
            if (system.isEmpty()) {
                throw new UserError(ExitCode.USAGE, "no resolver in /etc/resolv.conf; name one with --resolver HOST[:PORT]");
            }
            return system;
        }
        List<Upstream> parsed = new ArrayList<>();
        for (String spec : resolvers) {
            try {
                parsed.add(Upstream.parse(spec));
            } catch (UpstreamSpecException e) {
                throw new UserError(ExitCode.USAGE, "--resolver " + spec + ": " + e.getMessage());
            }
        }
        return parsed;
    }

    /** anchors - the --trust-anchor file's anchors, or the built-in IANA root anchors. */
    TrustAnchors anchors() {
        if (trustAnchor == null) {
            return TrustAnchors.ianaRoot();
        }
        if (!Files.isReadable(trustAnchor)) {
            throw new UserError(ExitCode.NO_INPUT, "--trust-anchor " + trustAnchor + ": no such readable file");
        }
        try {
            return TrustAnchors.load(trustAnchor);
        } catch (TrustAnchorException e) {
            throw new UserError(ExitCode.DATA_ERROR, "--trust-anchor: " + e.getMessage());
        }
    }

    ResolverOptions resolverOptions() {
        if (!(timeoutSeconds > 0 && timeoutSeconds <= 60)) {
            throw new UserError(ExitCode.USAGE, "--timeout must be between 0 and 60 seconds, not " + timeoutSeconds);
        }
        if (tries < 1 || tries > 10) {
            throw new UserError(ExitCode.USAGE, "--tries must be between 1 and 10, not " + tries);
        }
        Duration perTry = Duration.ofMillis(Math.round(timeoutSeconds * 1000));
        return ResolverOptions.defaults()
                .withTimeoutPerTry(perTry)
                .withTries(tries)
                // a validated lookup walks the chain (DNSKEY, DS, ...): several upstream queries
                .withDeadline(maxOf(Duration.ofSeconds(10), perTry.multipliedBy(tries * 3L)));
    }

    /** resolver - a validating resolver configured from these flags. */
    ValidatingSecureResolver resolver(List<Upstream> upstreams, TrustAnchors anchors) {
        try {
            return ValidatingSecureResolver.create(upstreams, anchors, resolverOptions(), Clock.systemUTC());
        } catch (IOException e) {
            throw new UserError(ExitCode.UNAVAILABLE, "cannot use resolver " + upstreams + ": " + e.getMessage());
        }
    }

    private static Duration maxOf(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
