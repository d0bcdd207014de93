/**
 * SMTP actors of the lab (DESIGN §4).
 *
 * <p>{@link io.mxguard.lab.smtp.LabMailServer} is Bob's MX and the attacker's: a strict ESMTP server on
 * loopback that stores what it accepts and records every command it sees, with
 * {@link io.mxguard.lab.smtp.LabFault}s to misbehave on purpose; configured to forward, it relays each
 * stored message to a next hop and records the outcome ({@link io.mxguard.lab.smtp.ForwardedMessage}),
 * as the attacker's MX does to keep an interception invisible.
 * {@link io.mxguard.lab.smtp.StartTlsStripper} is the on-path downgrade attacker: a TCP proxy that
 * removes STARTTLS and records what it then reads ({@link io.mxguard.lab.smtp.ProxiedConnection},
 * {@link io.mxguard.lab.smtp.ReadMessage}). All are thread-safe; close() frees ports and threads.
 */
package io.mxguard.lab.smtp;
