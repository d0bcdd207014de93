package io.mxguard.lab.dns;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Objects;

/**
 * LabAddresses - where each lab actor listens; the seed's zones point their names at these.
 *
 * @param nameServer the lab authoritative DNS server: glue of every zone's NS (and the root hint)
 * @param bobMx      Bob's MX, {@code mx.destination.com}
 * @param attackerMx the attacker's MX, {@code mx.attacker.net}
 * @param mtaSts     Bob's MTA-STS web server, {@code mta-sts.destination.com}
 * @param aliceSmtp  Alice's sending server, {@code smtp.source.com}
 * @param unsignedMx the MX of the unsigned domain, {@code mx.unsigned.com}
 */
public record LabAddresses(InetAddress nameServer, InetAddress bobMx, InetAddress attackerMx, InetAddress mtaSts,
        InetAddress aliceSmtp, InetAddress unsignedMx) {
    public LabAddresses {
        Objects.requireNonNull(nameServer, "nameServer");
        Objects.requireNonNull(bobMx, "bobMx");
        Objects.requireNonNull(attackerMx, "attackerMx");
        Objects.requireNonNull(mtaSts, "mtaSts");
        Objects.requireNonNull(aliceSmtp, "aliceSmtp");
        Objects.requireNonNull(unsignedMx, "unsignedMx");
    }

    /**
     * loopback - one address per actor in 127.0.0.0/8 (Linux routes all of it to loopback, DESIGN
     * §4): 127.0.10.53 DNS, .25 Bob, .66 attacker, .43 MTA-STS, .10 Alice, .26 unsigned MX.
     */
    public static LabAddresses loopback() {
        return new LabAddresses(v4(127, 0, 10, 53), v4(127, 0, 10, 25), v4(127, 0, 10, 66), v4(127, 0, 10, 43),
                v4(127, 0, 10, 10), v4(127, 0, 10, 26));
    }

    /** single - every actor on one address (systems with only 127.0.0.1; actors then differ by port). */
    public static LabAddresses single(InetAddress address) {
        return new LabAddresses(address, address, address, address, address, address);
    }

    private static InetAddress v4(int a, int b, int c, int d) {
        try {
            return InetAddress.getByAddress(new byte[] {(byte) a, (byte) b, (byte) c, (byte) d});
        } catch (UnknownHostException e) {
            throw new IllegalStateException("unreachable: four-octet address", e);
        }
    }
}
