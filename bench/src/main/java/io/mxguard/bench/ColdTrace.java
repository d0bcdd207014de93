package io.mxguard.bench;

import io.mxguard.dns.MxLookup;
import io.mxguard.dns.MxResult;
import io.mxguard.dns.ResolverOptions;
import io.mxguard.dns.ValidatingSecureResolver;
import io.mxguard.lab.dns.DnsQueryEvent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * ColdTrace - where a cold validated MX lookup spends its time: a plain loop (not JMH) for
 * profilers such as JFR, printing per-op times and, for the last ops, when the lab server answered
 * each query of the chain (and over which transport).
 *
 * <p>{@code java -cp bench/target/mxguard-bench.jar io.mxguard.bench.ColdTrace [ops] [traced]}
 * (defaults 2000 and 5). Each op: a fresh resolver (not timed), then {@code destination.com MX}
 * (timed), then close.
 */
public final class ColdTrace {

    private ColdTrace() {
    }

    /** One query the server answered, relative to the start of the op. */
    private record Seen(long atNanos, DnsQueryEvent event) {
    }

    // roundTrip - median of 500 plain UDP queries to the lab server: the wire's share of one step.
    private static long roundTrip(BenchWorld world) throws Exception {
        org.xbill.DNS.SimpleResolver plain = new org.xbill.DNS.SimpleResolver(world.world.honestResolver());
        plain.setEDNS(0, 1232, org.xbill.DNS.ExtendedFlags.DO, List.of());
        org.xbill.DNS.Message q = org.xbill.DNS.Message.newQuery(org.xbill.DNS.Record.newRecord(
                BenchWorld.DESTINATION, org.xbill.DNS.Type.DNSKEY, org.xbill.DNS.DClass.IN));
        long[] t = new long[500];
        for (int i = 0; i < t.length; i++) {
            long s = System.nanoTime();
            plain.send(q);
            t[i] = (System.nanoTime() - s) / 1000;
        }
        Arrays.sort(t);
        return t[t.length / 2];
    }

    public static void main(String[] args) throws Exception {
        int ops = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        int traced = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        BenchWorld world = new BenchWorld();
        world.start();
        List<Seen> seen = java.util.Collections.synchronizedList(new ArrayList<>());
        long[] opStart = new long[1];
        world.world.onQuery(e -> seen.add(new Seen(System.nanoTime() - opStart[0], e)));
        long[] micros = new long[ops];
        try {
            for (int i = 0; i < ops; i++) {
                try (ValidatingSecureResolver resolver = world.newResolver(ResolverOptions.defaults())) {
                    MxLookup mx = new MxLookup(resolver, ThreadLocalRandom.current());
                    seen.clear();
                    opStart[0] = System.nanoTime();
                    MxResult r = mx.lookup(BenchWorld.DESTINATION);
                    micros[i] = (System.nanoTime() - opStart[0]) / 1000;
                    if (BenchWorld.secureMx(r) == null) {
                        throw new IllegalStateException("not SECURE: " + r);
                    }
                    if (i >= ops - traced) {
                        System.out.println("op " + i + ": " + micros[i] + " µs, ended " + java.time.Instant.now());
                        synchronized (seen) {
                            for (Seen s : seen) {
                                System.out.printf("  +%7.3f ms  %s%n", s.atNanos() / 1e6, s.event());
                            }
                        }
                    }
                }
            }
            System.out.printf("loopback round trip, plain SimpleResolver: median %d µs%n", roundTrip(world));
        } finally {
            world.stop();
        }
        long[] last = Arrays.copyOfRange(micros, ops / 2, ops);
        Arrays.sort(last);
        System.out.printf("second half (%d ops): median %d µs, p10 %d µs, p90 %d µs%n", last.length,
                last[last.length / 2], last[last.length / 10], last[last.length * 9 / 10]);
    }
}
