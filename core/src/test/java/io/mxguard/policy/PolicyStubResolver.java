package io.mxguard.policy;

import io.mxguard.dns.DnsAnswer;
import io.mxguard.dns.SecureResolver;
import io.mxguard.dns.Security;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;

/**
 * PolicyStubResolver - answers from a table keyed by (name, type); anything else fails. Records
 * what was asked. (io.mxguard.dns has a StubResolver, but it is package-private to its tests.)
 */
final class PolicyStubResolver implements SecureResolver {

    private record Key(Name name, int type) {
    }

    private final Map<Key, DnsAnswer> answers = new HashMap<>();
    private final Set<String> asked = ConcurrentHashMap.newKeySet();

    PolicyStubResolver records(Name name, int type, Security security, org.xbill.DNS.Record... records) {
        answers.put(new Key(name, type), new DnsAnswer.Records(name, type, security, "stub", name, List.of(records), 300));
        return this;
    }

    PolicyStubResolver noData(Name name, int type, Security security) {
        answers.put(new Key(name, type), new DnsAnswer.NoData(name, type, security, "stub", name, 300));
        return this;
    }

    PolicyStubResolver failed(Name name, int type, Security security, String reason) {
        answers.put(new Key(name, type), new DnsAnswer.Failed(name, type, security, reason, Rcode.SERVFAIL));
        return this;
    }

    /** host - an A record and an AAAA NODATA for {@code host}, with {@code security}. */
    PolicyStubResolver host(Name host, Security security) {
        return records(host, Type.A, security, Facts.a(host, "192.0.2.25")).noData(host, Type.AAAA, security);
    }

    /** asked - "name/TYPE" of every question asked so far. */
    Set<String> asked() {
        return Set.copyOf(asked);
    }

    @Override
    public CompletionStage<DnsAnswer> lookupAsync(Name name, int type) {
        asked.add(name.toString(true) + "/" + Type.string(type));
        DnsAnswer a = answers.get(new Key(name, type));
        if (a == null) {
            a = new DnsAnswer.Failed(name, type, Security.INDETERMINATE,
                    "stub has no answer for " + name + "/" + Type.string(type), Rcode.SERVFAIL);
        }
        return CompletableFuture.completedFuture(a);
    }
}
