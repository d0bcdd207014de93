package io.mxguard.lab.sender;

import io.mxguard.dns.DnsAnswer;
import io.mxguard.dns.SecureResolver;
import io.mxguard.dns.Security;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletionStage;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Name;

/**
 * AdTrustingResolver - LAB ONLY, never production: the DNS of a DANE sender that believes its resolver's AD
 * bit, as Postfix, Exim and danecheck do. Like {@link TrustingResolver}, but queries set DO=1 (so a validating
 * upstream would set AD) and an answer is {@link Security#SECURE} when the reply has AD=1, else
 * {@link Security#INSECURE}. Nothing is validated here: whoever answers decides what is "secure" — which is
 * the lie the lab's hijacker tells with its {@code setAd} rule.
 *
 * <p>This class breaks, on purpose, the rule of {@link Security} that only an in-process validator produces
 * SECURE (DESIGN §5: "never trust an upstream AD bit"); it exists to show what that rule prevents.
 * Thread-safe.
 */
public final class AdTrustingResolver implements SecureResolver {
    private final StubLookup stub;

    /** AdTrustingResolver - asking the recursive resolver at {@code server}, believing its AD bit. */
    public AdTrustingResolver(InetSocketAddress server) {
        this.stub = new StubLookup(server, true,
                reply -> reply.getHeader().getFlag(Flags.AD) ? Security.SECURE : Security.INSECURE,
                reply -> reply.getHeader().getFlag(Flags.AD)
                        ? "AD=1 from the resolver, believed (not validated here)"
                        : "AD=0 from the resolver: not validated");
    }

    @Override
    public CompletionStage<DnsAnswer> lookupAsync(Name name, int type) {
        return stub.lookup(name, type);
    }

    @Override
    public String toString() {
        return "AdTrustingResolver[" + stub.describe() + "]";
    }
}
