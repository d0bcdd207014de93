package io.mxguard.lab.sender;

import io.mxguard.dns.DnsAnswer;
import io.mxguard.dns.SecureResolver;
import io.mxguard.dns.Security;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletionStage;
import org.xbill.DNS.Name;

/**
 * TrustingResolver - LAB ONLY, never production: the DNS of an ordinary sender, a stub that believes its
 * recursive resolver. It asks one server (RD=1, no DO), follows CNAMEs in the answer, and marks every answer
 * {@link Security#INSECURE}: it validates nothing and believes everything, so DANE never applies to a sender
 * using it. Timeouts and SERVFAIL are {@link DnsAnswer.Failed} (INDETERMINATE); 2 tries of 2 s each.
 *
 * <p>It implements {@link SecureResolver} only so the delivery engine can run as the plaintext, opportunistic
 * and verify senders of the lab; its answers carry no trust at all. Thread-safe.
 */
public final class TrustingResolver implements SecureResolver {
    private final StubLookup stub;

    /** TrustingResolver - asking the recursive resolver at {@code server}. */
    public TrustingResolver(InetSocketAddress server) {
        this.stub = new StubLookup(server, false, reply -> Security.INSECURE,
                reply -> "not validated: believed what the resolver said");
    }

    @Override
    public CompletionStage<DnsAnswer> lookupAsync(Name name, int type) {
        return stub.lookup(name, type);
    }

    @Override
    public String toString() {
        return "TrustingResolver[" + stub.describe() + "]";
    }
}
