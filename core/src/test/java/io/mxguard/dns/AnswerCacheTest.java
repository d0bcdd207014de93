package io.mxguard.dns;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;

class AnswerCacheTest {

    private static final Name NAME = Name.fromConstantString("destination.com.");

    /** A clock the test moves by hand. */
    private static final class ManualClock extends Clock {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private final ManualClock clock = new ManualClock();

    private AnswerCache cache(int entries) {
        return new AnswerCache(clock, ResolverOptions.defaults().withCacheEntries(entries));
    }

    private static DnsAnswer records(Name name, long ttl, Security security) {
        return new DnsAnswer.Records(name, Type.MX, security, "test", name, List.of(), ttl);
    }

    @Test
    void secureAnswer_servedWithItsSecurity_untilTtlRunsOut() {
        AnswerCache cache = cache(10);
        cache.put(records(NAME, 60, Security.SECURE));

        clock.now = clock.now.plusSeconds(59);
        assertThat(cache.get(NAME, Type.MX).security()).isEqualTo(Security.SECURE);
        clock.now = clock.now.plusSeconds(1);
        assertThat(cache.get(NAME, Type.MX)).isNull();
    }

    @Test
    void negativeAnswer_cachedForItsNegativeTtl() {
        AnswerCache cache = cache(10);
        cache.put(new DnsAnswer.NxDomain(NAME, Type.MX, Security.SECURE, "test", 30));

        clock.now = clock.now.plusSeconds(29);
        assertThat(cache.get(NAME, Type.MX)).isInstanceOf(DnsAnswer.NxDomain.class);
        clock.now = clock.now.plusSeconds(1);
        assertThat(cache.get(NAME, Type.MX)).isNull();
    }

    @Test
    void bogusAnswer_keptOnlyForTheShortFailureTtl() {
        AnswerCache cache = cache(10);
        cache.put(new DnsAnswer.Failed(NAME, Type.MX, Security.BOGUS, "EDE 6", Rcode.SERVFAIL));

        assertThat(cache.get(NAME, Type.MX)).isInstanceOf(DnsAnswer.Failed.class);
        clock.now = clock.now.plus(ResolverOptions.defaults().failureTtl());
        assertThat(cache.get(NAME, Type.MX)).isNull();
    }

    @Test
    void hugeTtl_isCappedByMaxTtl() {
        AnswerCache cache = cache(10);
        cache.put(records(NAME, Integer.MAX_VALUE, Security.INSECURE));

        clock.now = clock.now.plus(ResolverOptions.defaults().maxTtl()).plus(Duration.ofSeconds(1));
        assertThat(cache.get(NAME, Type.MX)).isNull();
    }

    @Test
    void cacheIsBounded_leastRecentlyUsedGoesFirst() {
        AnswerCache cache = cache(2);
        Name a = Name.fromConstantString("a.");
        Name b = Name.fromConstantString("b.");
        Name c = Name.fromConstantString("c.");
        cache.put(records(a, 60, Security.SECURE));
        cache.put(records(b, 60, Security.SECURE));
        cache.get(a, Type.MX);
        cache.put(records(c, 60, Security.SECURE));

        assertThat(cache.size()).isEqualTo(2);
        assertThat(cache.get(b, Type.MX)).isNull();
        assertThat(cache.get(a, Type.MX)).isNotNull();
    }
}
