package io.mxguard.dns;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;

/** StubResolver - answers from a table keyed by (name, type); anything else is a SERVFAIL failure. */
final class StubResolver implements SecureResolver {

    private record Key(Name name, int type) {
    }

    private final Map<Key, DnsAnswer> answers = new HashMap<>();

    static Name n(String name) {
        return Name.fromConstantString(name);
    }

    StubResolver records(String name, int type, Security security, org.xbill.DNS.Record... records) {
        return records(name, name, type, security, records);
    }

    StubResolver records(String name, String canonical, int type, Security security, org.xbill.DNS.Record... records) {
        answers.put(new Key(n(name), type), new DnsAnswer.Records(n(name), type, security, "stub", n(canonical),
                List.of(records), 300));
        return this;
    }

    StubResolver noData(String name, int type, Security security) {
        return noData(name, name, type, security);
    }

    StubResolver noData(String name, String canonical, int type, Security security) {
        answers.put(new Key(n(name), type), new DnsAnswer.NoData(n(name), type, security, "stub", n(canonical), 300));
        return this;
    }

    StubResolver nxDomain(String name, int type, Security security) {
        answers.put(new Key(n(name), type), new DnsAnswer.NxDomain(n(name), type, security, "stub", 300));
        return this;
    }

    StubResolver failed(String name, int type, Security security, String reason) {
        answers.put(new Key(n(name), type), new DnsAnswer.Failed(n(name), type, security, reason, Rcode.SERVFAIL));
        return this;
    }

    @Override
    public CompletionStage<DnsAnswer> lookupAsync(Name name, int type) {
        DnsAnswer a = answers.get(new Key(name, type));
        if (a == null) {
            a = new DnsAnswer.Failed(name, type, Security.INDETERMINATE,
                    "stub has no answer for " + name + "/" + Type.string(type), Rcode.SERVFAIL);
        }
        return CompletableFuture.completedFuture(a);
    }
}
