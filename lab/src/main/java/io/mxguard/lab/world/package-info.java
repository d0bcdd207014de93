/**
 * The lab world (DESIGN §4): every actor of the seed, running on loopback with fresh keys.
 *
 * <p>{@link io.mxguard.lab.world.DnsWorld} runs the signed zone tree, the honest resolver and the
 * hijacking resolver. {@link io.mxguard.lab.world.LabWorld} adds the rest: the lab PKI
 * ({@link io.mxguard.lab.world.LabPki}: a "public" CA standing for the WebPKI, and Bob's private CA),
 * Bob's TLSA made from his real certificate ({@link io.mxguard.lab.world.TlsaPublication}), Bob's
 * and the attacker's MX servers on one shared SMTP port (the attacker's forwards what it reads to Bob),
 * and the STARTTLS stripper in front of Bob's MX, on the sender's path when switched on.
 *
 * <p>Inputs: options (TLSA publication, Bob's issuer, NSEC or NSEC3, clock, addressing). Outcome: a
 * running world or an {@link java.io.IOException} (nothing left running). Servers bind free ports, so
 * worlds run side by side; each {@code close()} frees its ports and files. Thread-safe once started.
 */
package io.mxguard.lab.world;
