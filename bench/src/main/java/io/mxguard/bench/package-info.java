/**
 * io.mxguard.bench - JMH benchmarks of validated DNS lookups, with a private unbound as reference.
 *
 * <p>Inputs: the lab's signed DNS tree ({@link io.mxguard.bench.BenchWorld}, one per JMH fork, on
 * loopback) and {@code /usr/sbin/unbound}. Outputs: operations per second for
 * {@link io.mxguard.bench.MxguardBench} (our in-process validator) and
 * {@link io.mxguard.bench.UnboundBench} (unbound asked over loopback UDP), same questions, same run.
 * Every operation checks that it got SECURE answers; any failure fails the trial at tear-down.
 * Not run by the test command: build the shaded jar and run it (see bench/README.md).
 */
package io.mxguard.bench;
