package io.mxguard.dns;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.xbill.DNS.Name;

/**
 * AnswerCache - validated answers by (name, type), with their {@link Security}, until their TTL runs out.
 *
 * <p>dnsjava's {@code LookupSession} cache forgets the validation status, so we keep our own.
 * Positive answers live for the smallest TTL of the answer, negative ones for the SOA-derived TTL
 * (RFC 2308 §5), both capped by {@link ResolverOptions#maxTtl()}. BOGUS and INDETERMINATE outcomes
 * are never served as data: they are kept only for {@link ResolverOptions#failureTtl()} (seconds),
 * so that a flood of queries for a broken name does not become a flood of upstream queries and
 * signature checks, while a transient failure heals quickly. Least recently used entries are
 * evicted beyond {@link ResolverOptions#cacheEntries()}. Time comes from the injected clock.
 * Thread-safe (one lock; the work under it is a map operation).
 */
final class AnswerCache {

    private record Key(Name name, int type) {
    }

    private record Entry(DnsAnswer answer, Instant expires) {
    }

    private final Clock clock;
    private final ResolverOptions options;
    private final Map<Key, Entry> entries;

    AnswerCache(Clock clock, ResolverOptions options) {
        this.clock = clock;
        this.options = options;
        this.entries = new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Key, Entry> eldest) {
                return size() > options.cacheEntries();
            }
        };
    }

    /** get - the cached answer for (name, type), or null if none or expired. */
    synchronized DnsAnswer get(Name name, int type) {
        Key key = new Key(name, type);
        Entry e = entries.get(key);
        if (e == null) {
            return null;
        }
        if (!clock.instant().isBefore(e.expires())) {
            entries.remove(key);
            return null;
        }
        return e.answer();
    }

    /** put - remember an answer for as long as it may be used. */
    synchronized void put(DnsAnswer answer) {
        Duration life = lifetime(answer);
        if (life.isZero() || life.isNegative() || options.cacheEntries() == 0) {
            return;
        }
        entries.put(new Key(answer.name(), answer.type()), new Entry(answer, clock.instant().plus(life)));
    }

    synchronized int size() {
        return entries.size();
    }

    private Duration lifetime(DnsAnswer answer) {
        long seconds;
        if (answer instanceof DnsAnswer.Records r) {
            seconds = r.ttl();
        } else if (answer instanceof DnsAnswer.NoData n) {
            seconds = n.ttl();
        } else if (answer instanceof DnsAnswer.NxDomain x) {
            seconds = x.ttl();
        } else {
            return options.failureTtl();
        }
        Duration d = Duration.ofSeconds(Math.max(0, seconds));
        return d.compareTo(options.maxTtl()) > 0 ? options.maxTtl() : d;
    }
}
