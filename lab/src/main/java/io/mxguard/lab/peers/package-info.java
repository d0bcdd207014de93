/**
 * Real peers from Debian's packages, run as private child processes against the lab world.
 *
 * <p>{@link io.mxguard.lab.peers.Unbound} starts an unbound validating resolver whose whole view of
 * the DNS is the lab's authoritative server (a stub zone per lab zone) and whose only trust anchor
 * is the lab root's. Used by the interop tests (does unbound agree with our signed zones, does our
 * validator work behind unbound) and by the benchmarks (warm cache, and cold after {@code flush()}).
 *
 * <p>{@link io.mxguard.lab.peers.Postfix} starts a private Postfix smtpd (its own config, queue and
 * mailbox directories, needs root) as Bob's real MX: STARTTLS with a lab certificate, mail for one
 * domain stored in a maildir that tests read back, no relaying, no DNS, no outbound delivery. Used
 * to prove that mxguard's DANE delivery works against a real MTA. {@code Postfix.startRelayingTo}
 * starts the other flavour: a sending Postfix whose {@code relayhost} is mxguard's relay, to prove
 * that a real MTA can use the relay as its smarthost.
 *
 * <p>Everything listens and queries on loopback only; nothing here ever reads
 * {@code /etc/resolv.conf}. Processes and their directories are removed by {@code close()}.
 */
package io.mxguard.lab.peers;
