package io.mxguard.bench;

import io.mxguard.lab.peers.Unbound;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.xbill.DNS.DClass;
import org.xbill.DNS.ExtendedFlags;
import org.xbill.DNS.Flags;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * UnboundBench - the reference: a private unbound validating the same lab world, asked the same
 * questions over loopback UDP by a plain, non-validating dnsjava {@link SimpleResolver} (RD=1, DO=1).
 *
 * <p>Sanity here reads unbound's AD bit: unbound is the validator under test, and this client is on
 * the same host (mxguard itself never reads AD). Warm: primed once, answered from unbound's cache.
 * Cold: before every op (not measured) {@link Unbound#flush()} ({@code flush_zone .}) empties
 * unbound's message, rrset and key caches; its infrastructure cache (server RTT/EDNS) stays, as it
 * holds nothing that our validator has to rebuild either. unbound is the interop tests' {@link
 * Unbound}, with {@value #UNBOUND_THREADS} threads and verbosity 0.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 3)
@Fork(1)
public class UnboundBench {

    /** unbound's num-threads: one per core of the 2-core machine the numbers were taken on. */
    static final int UNBOUND_THREADS = 2;

    /** Debian's unbound. */
    static final Path BINARY = Path.of("/usr/sbin/unbound");

    /** options - how both peers run unbound; they differ only in {@code cache}. */
    static Unbound.Options options(Unbound.Cache cache) {
        return Unbound.Options.defaults().withCache(cache).withThreads(UNBOUND_THREADS).withVerbosity(0);
    }

    /** The running unbound and a client for it. */
    @State(Scope.Benchmark)
    public static class Peer {
        Unbound unbound;
        SimpleResolver client;

        @Setup(Level.Trial)
        public void start(BenchWorld world) throws Exception {
            unbound = new Unbound(BINARY, world.world, options(Unbound.Cache.DEFAULT)).start();
            client = client(unbound.address());
        }

        @TearDown(Level.Trial)
        public void stop() {
            if (unbound != null) {
                unbound.close();
            }
        }
    }

    /**
     * {@link Unbound} with {@code Cache.MAX_TTL_ZERO} (cache-max-ttl: 0): measured to show that it
     * is no cold cache: unbound keeps serving a TTL-0 entry until its clock's second
     * turns, so back-to-back queries are answered from cache.
     */
    @State(Scope.Benchmark)
    public static class MaxTtlZeroPeer {
        Unbound unbound;
        SimpleResolver client;

        @Setup(Level.Trial)
        public void start(BenchWorld world) throws Exception {
            unbound = new Unbound(BINARY, world.world, options(Unbound.Cache.MAX_TTL_ZERO)).start();
            client = client(unbound.address());
        }

        @TearDown(Level.Trial)
        public void stop() {
            if (unbound != null) {
                unbound.close();
            }
        }
    }

    /** unbound's cache primed by one full resolution. */
    @State(Scope.Benchmark)
    public static class Warm {
        @Setup(Level.Trial)
        public void prime(Peer peer, BenchWorld world) throws IOException {
            if (!full(world, peer.client)) {
                throw new IllegalStateException("priming unbound did not give validated answers: " + peer.unbound.log());
            }
        }
    }

    /** unbound's caches emptied before each op. */
    @State(Scope.Thread)
    public static class Cold {
        @Setup(Level.Invocation)
        public void flush(Peer peer) throws IOException {
            peer.unbound.flush();
        }
    }

    @Benchmark
    @Threads(1)
    public boolean mxWarm(Peer peer, Warm w, BenchWorld world) throws IOException {
        return mx(world, peer.client) != null;
    }

    @Benchmark
    @Threads(4)
    public boolean mxWarm_4threads(Peer peer, Warm w, BenchWorld world) throws IOException {
        return mx(world, peer.client) != null;
    }

    @Benchmark
    @Threads(1)
    @Warmup(iterations = 5, time = 2) // the cold path runs much code once per op: give the JIT longer
    public boolean mxCold(Peer peer, Cold c, BenchWorld world) throws IOException {
        return mx(world, peer.client) != null;
    }

    @Benchmark
    @Threads(1)
    public boolean fullWarm(Peer peer, Warm w, BenchWorld world) throws IOException {
        return full(world, peer.client);
    }

    @Benchmark
    @Threads(1)
    @Warmup(iterations = 5, time = 2) // the cold path runs much code once per op: give the JIT longer
    public boolean fullCold(Peer peer, Cold c, BenchWorld world) throws IOException {
        return full(world, peer.client);
    }

    /** Not a cold reference (see MaxTtlZeroPeer): kept to show why cold flushes instead. */
    @Benchmark
    @Threads(1)
    public boolean mxMaxTtlZero(MaxTtlZeroPeer peer, BenchWorld world) throws IOException {
        return mx(world, peer.client) != null;
    }

    /** mx - the first MX target if unbound answered it validated, else null (counted). */
    static Name mx(BenchWorld world, SimpleResolver client) throws IOException {
        Message reply = client.send(query(BenchWorld.DESTINATION, Type.MX));
        if (!world.expect(validated(reply, Type.MX), reply)) {
            return null;
        }
        return ((MXRecord) reply.getSection(Section.ANSWER).stream()
                .filter(r -> r.getType() == Type.MX).findFirst().orElseThrow()).getTarget();
    }

    /** full - MX, then A and AAAA of the first host at once, then TLSA: the same questions as mxguard's. */
    static boolean full(BenchWorld world, SimpleResolver client) throws IOException {
        Name host = mx(world, client);
        if (host == null) {
            return false;
        }
        CompletableFuture<Message> a = client.sendAsync(query(host, Type.A)).toCompletableFuture();
        CompletableFuture<Message> aaaa = client.sendAsync(query(host, Type.AAAA)).toCompletableFuture();
        Message ra = a.join();
        Message raaaa = aaaa.join();
        if (!world.expect(validated(ra, Type.A), ra) || !world.expect(validated(raaaa, Type.AAAA), raaaa)) {
            return false;
        }
        Name tlsaName;
        try {
            tlsaName = Name.concatenate(Name.fromString("_" + BenchWorld.SMTP_PORT + "._tcp"), host);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        Message rt = client.send(query(tlsaName, Type.TLSA));
        return world.expect(validated(rt, Type.TLSA), rt);
    }

    /** client - a plain stub: RD=1 (Message.newQuery), EDNS0 with DO=1, no validation of its own. */
    static SimpleResolver client(InetSocketAddress server) {
        SimpleResolver client = new SimpleResolver(server);
        client.setTimeout(Duration.ofSeconds(2));
        client.setEDNS(0, 1232, ExtendedFlags.DO, List.of());
        return client;
    }

    private static Message query(Name name, int type) {
        return Message.newQuery(Record.newRecord(name, type, DClass.IN));
    }

    private static boolean validated(Message reply, int type) {
        return reply.getRcode() == Rcode.NOERROR && reply.getHeader().getFlag(Flags.AD)
                && reply.getSection(Section.ANSWER).stream().anyMatch(r -> r.getType() == type);
    }
}
