package io.mxguard.dns;

import java.time.Duration;

/**
 * ResolverOptions - the bounds of one validated lookup and of the answer cache.
 *
 * @param timeoutPerTry how long one query to one upstream may take
 * @param tries how many times one upstream query is sent (timeouts, wrong-ID or malformed replies)
 * @param deadline the whole validated lookup, including the DS/DNSKEY queries of the chain
 * @param cacheEntries at most this many (name, type) answers are cached
 * @param maxTtl cached answers expire after at most this long, whatever their TTL says
 * @param negativeTtl the TTL of NXDOMAIN/NODATA when the reply carries no SOA (RFC 2308 §5)
 * @param failureTtl a BOGUS/INDETERMINATE outcome is remembered this long, to resist query floods
 */
public record ResolverOptions(Duration timeoutPerTry, int tries, Duration deadline, int cacheEntries,
                              Duration maxTtl, Duration negativeTtl, Duration failureTtl) {

    public ResolverOptions {
        requirePositive(timeoutPerTry, "timeoutPerTry");
        requirePositive(deadline, "deadline");
        if (tries < 1 || tries > 10) {
            throw new IllegalArgumentException("tries must be 1-10, not " + tries);
        }
        if (cacheEntries < 0) {
            throw new IllegalArgumentException("cacheEntries must not be negative");
        }
        requirePositive(maxTtl, "maxTtl");
        requirePositive(negativeTtl, "negativeTtl");
        if (failureTtl.isNegative()) {
            throw new IllegalArgumentException("failureTtl must not be negative");
        }
    }

    /** defaults - 2 s per try, 3 tries, 10 s per lookup, 10 000 cached answers for at most a day. */
    public static ResolverOptions defaults() {
        return new ResolverOptions(Duration.ofSeconds(2), 3, Duration.ofSeconds(10), 10_000,
                Duration.ofDays(1), Duration.ofMinutes(5), Duration.ofSeconds(5));
    }

    public ResolverOptions withTimeoutPerTry(Duration d) {
        return new ResolverOptions(d, tries, deadline, cacheEntries, maxTtl, negativeTtl, failureTtl);
    }

    public ResolverOptions withTries(int n) {
        return new ResolverOptions(timeoutPerTry, n, deadline, cacheEntries, maxTtl, negativeTtl, failureTtl);
    }

    public ResolverOptions withDeadline(Duration d) {
        return new ResolverOptions(timeoutPerTry, tries, d, cacheEntries, maxTtl, negativeTtl, failureTtl);
    }

    public ResolverOptions withCacheEntries(int n) {
        return new ResolverOptions(timeoutPerTry, tries, deadline, n, maxTtl, negativeTtl, failureTtl);
    }

    private static void requirePositive(Duration d, String what) {
        if (d == null || d.isZero() || d.isNegative()) {
            throw new IllegalArgumentException(what + " must be positive");
        }
    }
}
