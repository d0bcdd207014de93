/**
 * SMTP actors of the lab: {@link io.mxguard.lab.smtp.LabMailServer} is Bob's MX (and the attacker's),
 * a strict ESMTP server on loopback that stores what it accepts and records every command it sees,
 * with {@link io.mxguard.lab.smtp.LabFault}s to misbehave on purpose. Thread-safe; close() frees all.
 */
package io.mxguard.lab.smtp;
