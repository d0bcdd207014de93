package io.mxguard.policy;

import io.mxguard.dns.AddressLookup;
import io.mxguard.dns.HostAddresses;
import io.mxguard.dns.MxResult;
import io.mxguard.dns.SecureResolver;
import io.mxguard.dns.Security;
import io.mxguard.dns.TlsaLookup;
import io.mxguard.dns.TlsaResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * RoutePlanner - one TLS requirement per MX host, from the destination's DNS facts and the local
 * policy.
 *
 * <p>{@link #plan(MxResult.Hosts, List, LocalPolicy)} is the whole decision and a pure function of
 * its arguments; {@link #planAsync(MxResult.Hosts)} gathers the facts (addresses, then TLSA where
 * the addresses are SECURE) through a {@link SecureResolver} and calls it. Thread-safe.
 */
public final class RoutePlanner {

    private final AddressLookup addresses;
    private final TlsaLookup tlsa;
    private final LocalPolicy policy;
    private final int port;

    /** RoutePlanner - look up through {@code resolver}; TLSA at {@code _PORT._tcp.HOST}. */
    public RoutePlanner(SecureResolver resolver, LocalPolicy policy, int port) {
        this.addresses = new AddressLookup(resolver);
        this.tlsa = new TlsaLookup(resolver);
        this.policy = policy;
        this.port = port;
    }

    /** planAsync - look up every host's facts (concurrently) and plan; never completes exceptionally. */
    public CompletionStage<RoutePlan> planAsync(MxResult.Hosts hosts) {
        List<CompletableFuture<HostFacts>> facts = new ArrayList<>();
        for (MxResult.MxHost mx : hosts.hosts()) {
            facts.add(addresses.lookupAsync(mx.host()).thenCompose(a -> needsTlsa(a)
                    ? tlsa.lookupAsync(a, port).thenApply(t -> new HostFacts(mx, a, Optional.of(t)))
                    : CompletableFuture.completedFuture(new HostFacts(mx, a, Optional.<TlsaResult>empty())))
                    .toCompletableFuture());
        }
        return CompletableFuture.allOf(facts.toArray(CompletableFuture[]::new))
                .thenApply(v -> plan(hosts, facts.stream().map(CompletableFuture::join).toList(), policy));
    }

    /** plan - blocking form of {@link #planAsync}. */
    public RoutePlan plan(MxResult.Hosts hosts) {
        return planAsync(hosts).toCompletableFuture().join();
    }

    /**
     * plan - the decision for each host of {@code hosts}, in order; {@code facts} holds one entry
     * per host, in the same order. Pure: same facts, same plan.
     */
    public static RoutePlan plan(MxResult.Hosts hosts, List<HostFacts> facts, LocalPolicy policy) {
        if (facts.size() != hosts.hosts().size()) {
            throw new IllegalArgumentException(facts.size() + " host facts for " + hosts.hosts().size() + " MX hosts");
        }
        LocalPolicy.Configured configured = policy.configured(hosts.domain());
        List<RouteDecision> decisions = new ArrayList<>();
        for (int i = 0; i < facts.size(); i++) {
            HostFacts f = facts.get(i);
            if (!f.mx().equals(hosts.hosts().get(i))) {
                throw new IllegalArgumentException("facts " + i + " are for " + f.mx() + ", not " + hosts.hosts().get(i));
            }
            decisions.add(RouteRules.decide(hosts.domain(), hosts.implicit(), f, configured, policy.minimum()));
        }
        return new RoutePlan(hosts.domain(), decisions);
    }

    /**
     * needsTlsa - true when the TLSA records of this host matter: it has addresses and they are
     * SECURE (RFC 7672 §2.2.3). Asked whatever the configured level, because DANE takes precedence.
     */
    public static boolean needsTlsa(HostAddresses a) {
        return (a.kind() == HostAddresses.Kind.FOUND || a.kind() == HostAddresses.Kind.PARTIAL)
                && DaneVerdict.usedAddressSecurity(a) == Security.SECURE;
    }
}
