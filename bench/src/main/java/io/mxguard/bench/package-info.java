/**
 * io.mxguard.bench - JMH benchmarks of validated DNS lookups (a private unbound as reference), of
 * delivery over DANE-verified TLS (swaks as reference) and of the relay (Postfix as reference).
 *
 * <p>Inputs: the lab's signed DNS tree ({@link io.mxguard.bench.BenchWorld}, one per JMH fork, on
 * loopback) and {@code /usr/sbin/unbound}. Outputs: operations per second for
 * {@link io.mxguard.bench.MxguardBench} (our in-process validator) and
 * {@link io.mxguard.bench.UnboundBench} (unbound asked over loopback UDP), same questions, same run.
 * Every operation checks that it got SECURE answers; any failure fails the trial at tear-down.
 *
 * <p>{@link io.mxguard.bench.DeliveryBench}: messages per second delivered by the delivery engine to
 * Bob's MX of a running {@code LabWorld} over DANE-verified TLS, connection reuse off and on, with
 * swaks (one process per message) to the same MX as the peer; every op must be DELIVERED at
 * Verified (DANE-EE) and land at Bob's MX over TLS.
 *
 * <p>{@link io.mxguard.bench.RelayBench}: messages per second accepted (250 after fsync) by the
 * relay's SMTP server and spool, with p50/p99 accept latency, against a private Postfix smtpd in the
 * same run; and end to end through the whole relay to Bob's lab MX over DANE.
 * Not run by the test command: build the shaded jar and run it (see bench/README.md).
 */
package io.mxguard.bench;
