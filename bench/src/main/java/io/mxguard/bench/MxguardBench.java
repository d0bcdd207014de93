package io.mxguard.bench;

import io.mxguard.dns.AddressLookup;
import io.mxguard.dns.HostAddresses;
import io.mxguard.dns.MxLookup;
import io.mxguard.dns.MxResult;
import io.mxguard.dns.ResolverOptions;
import io.mxguard.dns.TlsaLookup;
import io.mxguard.dns.TlsaResult;
import io.mxguard.dns.ValidatingSecureResolver;
import java.io.IOException;
import java.security.Security;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.xbill.DNS.Name;

/**
 * MxguardBench - validated lookups per second through our in-process validator (see README).
 *
 * <ul>
 *   <li>warm: answers come from our answer cache (the steady state of a busy relay);</li>
 *   <li>answerUncached: answer cache off, dnsjava's DNSSEC key cache warm: each op is one query on
 *       the wire plus the verification of the answer's RRSIG (and of nothing above it);</li>
 *   <li>cold: a fresh resolver per op (made outside the measured time), so both caches are empty and
 *       the op walks and verifies the whole chain root → com → destination.com.</li>
 * </ul>
 * "full" is what one delivery asks: MX, then A and AAAA of the first MX host (concurrently), then
 * TLSA at {@code _25._tcp.<host>}, each required SECURE.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 3)
@Fork(1)
public class MxguardBench {

    /** Lookups over one resolver; made by the states below. */
    static final class Lookups {
        final ValidatingSecureResolver resolver;
        final MxLookup mx;
        final AddressLookup addresses;
        final TlsaLookup tlsa;

        Lookups(ValidatingSecureResolver resolver) {
            this.resolver = resolver;
            this.mx = new MxLookup(resolver, ThreadLocalRandom.current());
            this.addresses = new AddressLookup(resolver);
            this.tlsa = new TlsaLookup(resolver);
        }
    }

    /** One resolver for the whole trial, primed with a full resolution: both caches warm. */
    @State(Scope.Benchmark)
    public static class Warm {
        Lookups lookups;

        @Setup(Level.Trial)
        public void prime(BenchWorld world) throws IOException {
            lookups = new Lookups(world.newResolver(ResolverOptions.defaults()));
            if (!full(world, lookups)) {
                throw new IllegalStateException("priming did not give SECURE answers");
            }
        }

        @TearDown(Level.Trial)
        public void close() {
            lookups.resolver.close();
        }
    }

    /** One resolver with the answer cache off (cacheEntries 0), primed: dnsjava's key cache stays warm. */
    @State(Scope.Benchmark)
    public static class AnswerUncached {
        Lookups lookups;

        @Setup(Level.Trial)
        public void prime(BenchWorld world) throws IOException {
            lookups = new Lookups(world.newResolver(ResolverOptions.defaults().withCacheEntries(0)));
            if (!full(world, lookups)) {
                throw new IllegalStateException("priming did not give SECURE answers");
            }
        }

        @TearDown(Level.Trial)
        public void close() {
            lookups.resolver.close();
        }
    }

    /**
     * A fresh resolver before every op (not measured): empty answer cache, empty DNSSEC key cache, a
     * new executor (its threads started at construction). The op pays the chain walk.
     */
    @State(Scope.Thread)
    public static class Cold {
        Lookups lookups;

        @Setup(Level.Invocation)
        public void fresh(BenchWorld world) throws IOException {
            lookups = new Lookups(world.newResolver(ResolverOptions.defaults()));
        }

        @TearDown(Level.Invocation)
        public void close() {
            lookups.resolver.close();
        }
    }

    /** Which provider verifies signatures: BouncyCastle first (CryptoSetup.install) or the JDK's alone. */
    @State(Scope.Benchmark)
    public static class Provider {
        @Param({"bouncycastle", "jdk"})
        public String provider;

        @Setup(Level.Trial)
        public void apply(BenchWorld world) throws ClassNotFoundException { // after the world: the lab signer registers BC itself
            if (provider.equals("jdk")) {
                // The validator installs BC in its class initializer: run that first, then take BC away again.
                Class.forName("io.mxguard.dns.ValidatingSecureResolver", true, getClass().getClassLoader());
                Security.removeProvider(BouncyCastleProvider.PROVIDER_NAME);
            } else if (!Security.getProviders()[0].getName().equals(BouncyCastleProvider.PROVIDER_NAME)) {
                throw new IllegalStateException("BouncyCastle is not the first provider");
            }
        }
    }

    @Benchmark
    @Threads(1)
    public boolean mxWarm(Warm s, BenchWorld world) {
        return mx(world, s.lookups);
    }

    @Benchmark
    @Threads(4)
    public boolean mxWarm_4threads(Warm s, BenchWorld world) {
        return mx(world, s.lookups);
    }

    @Benchmark
    @Threads(1)
    public boolean mxAnswerUncached(AnswerUncached s, BenchWorld world) {
        return mx(world, s.lookups);
    }

    @Benchmark
    @Threads(4)
    public boolean mxAnswerUncached_4threads(AnswerUncached s, BenchWorld world) {
        return mx(world, s.lookups);
    }

    @Benchmark
    @Threads(1)
    @Warmup(iterations = 5, time = 2) // the cold path runs much code once per op: give the JIT longer
    public boolean mxCold(Cold s, Provider p, BenchWorld world) {
        return mx(world, s.lookups);
    }

    @Benchmark
    @Threads(1)
    public boolean fullWarm(Warm s, BenchWorld world) {
        return full(world, s.lookups);
    }

    @Benchmark
    @Threads(1)
    @Warmup(iterations = 5, time = 2) // the cold path runs much code once per op: give the JIT longer
    public boolean fullCold(Cold s, BenchWorld world) {
        return full(world, s.lookups);
    }

    static boolean mx(BenchWorld world, Lookups l) {
        MxResult mx = l.mx.lookup(BenchWorld.DESTINATION);
        return world.expect(BenchWorld.secureMx(mx) != null, mx);
    }

    /** full - MX, then A+AAAA of the first host, then its TLSA: one delivery's DNS. */
    static boolean full(BenchWorld world, Lookups l) {
        MxResult mx = l.mx.lookup(BenchWorld.DESTINATION);
        Name host = BenchWorld.secureMx(mx);
        if (!world.expect(host != null, mx)) {
            return false;
        }
        HostAddresses addresses = l.addresses.lookup(host);
        if (!world.expect(BenchWorld.secureAddresses(addresses), addresses)) {
            return false;
        }
        TlsaResult tlsa = l.tlsa.lookup(addresses, BenchWorld.SMTP_PORT);
        return world.expect(BenchWorld.secureTlsa(tlsa), tlsa);
    }
}
