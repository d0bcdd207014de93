package io.mxguard.dns;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.random.RandomGenerator;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Type;

/**
 * MxLookup - the MX hosts of a mail domain, in the order to try them (RFC 5321 §5.1, RFC 7505).
 *
 * <p>Sorted by preference, equal preferences shuffled with the injected random generator; no MX
 * records means the domain is its own (implicit) MX; a lone "0 ." is a null MX; a lookup that
 * cannot be trusted or completed defers. Thread-safe if the random generator is.
 */
public final class MxLookup {

    private final SecureResolver resolver;
    private final AddressLookup addresses;
    private final RandomGenerator random;

    public MxLookup(SecureResolver resolver, RandomGenerator random) {
        this.resolver = resolver;
        this.addresses = new AddressLookup(resolver);
        this.random = random;
    }

    /** lookup - where mail for {@code domain} goes; the stage never completes exceptionally. */
    public CompletionStage<MxResult> lookupAsync(Name domain) {
        return resolver.lookupAsync(domain, Type.MX).thenCompose(answer -> {
            if (answer instanceof DnsAnswer.Records r) {
                return CompletableFuture.completedFuture(fromRecords(domain, r));
            }
            if (answer instanceof DnsAnswer.NoData) {
                return implicitMx(domain);
            }
            if (answer instanceof DnsAnswer.NxDomain x) {
                return CompletableFuture.completedFuture(
                        new MxResult.NoSuchDomain(domain, x.security(), "domain " + domain + " does not exist"));
            }
            return CompletableFuture.completedFuture(new MxResult.Deferred(domain, answer.security(),
                    "MX lookup for " + domain + " failed (" + answer.security() + "): " + answer.reason()));
        });
    }

    /** lookup - blocking form of {@link #lookupAsync}. */
    public MxResult lookup(Name domain) {
        return lookupAsync(domain).toCompletableFuture().join();
    }

    private MxResult fromRecords(Name domain, DnsAnswer.Records answer) {
        List<MXRecord> mxs = answer.records().stream()
                .filter(MXRecord.class::isInstance).map(MXRecord.class::cast).toList();
        // RFC 7505 §3: a null MX is the only MX of its domain, preference 0, target ".".
        if (mxs.size() == 1 && mxs.get(0).getTarget().equals(Name.root)) {
            return new MxResult.NullMx(domain, answer.security());
        }
        List<MxResult.MxHost> hosts = new ArrayList<>();
        for (MXRecord mx : mxs) {
            // RFC 7505 §3: a null MX must be the only MX; if others are present, "." is still no host: skip it.
            if (!mx.getTarget().equals(Name.root)) {
                hosts.add(new MxResult.MxHost(mx.getTarget(), mx.getPriority(), answer.security()));
            }
        }
        if (hosts.isEmpty()) {
            return new MxResult.NullMx(domain, answer.security());
        }
        return new MxResult.Hosts(domain, order(hosts), answer.security(), false);
    }

    // RFC 5321 §5.1: lowest preference first; hosts of equal preference in random order.
    List<MxResult.MxHost> order(List<MxResult.MxHost> hosts) {
        List<MxResult.MxHost> sorted = new ArrayList<>(hosts);
        sorted.sort(Comparator.comparingInt(MxResult.MxHost::preference));
        int start = 0;
        while (start < sorted.size()) {
            int end = start;
            while (end < sorted.size() && sorted.get(end).preference() == sorted.get(start).preference()) {
                end++;
            }
            for (int i = end - 1; i > start; i--) { // Fisher-Yates within the run [start, end)
                int j = start + random.nextInt(i - start + 1);
                MxResult.MxHost t = sorted.get(i);
                sorted.set(i, sorted.get(j));
                sorted.set(j, t);
            }
            start = end;
        }
        return List.copyOf(sorted);
    }

    // RFC 5321 §5.1: no MX records → the domain itself is the host, as if "MX 0 domain".
    private CompletionStage<MxResult> implicitMx(Name domain) {
        return addresses.lookupAsync(domain).thenApply(a -> switch (a.kind()) {
            case FOUND, PARTIAL -> new MxResult.Hosts(domain,
                    List.of(new MxResult.MxHost(domain, 0, a.security())), a.security(), true);
            case NONE -> new MxResult.NoSuchDomain(domain, a.security(),
                    "domain " + domain + " has neither MX nor address records");
            case FAILED -> new MxResult.Deferred(domain, a.security(),
                    "no MX for " + domain + ", and its address lookup failed: " + a.reason());
        });
    }
}
