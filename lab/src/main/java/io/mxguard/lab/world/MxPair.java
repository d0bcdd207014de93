package io.mxguard.lab.world;

import io.mxguard.lab.smtp.LabMailServer;
import io.mxguard.pki.Certificates;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.function.IntSupplier;

/**
 * MxPair - Bob's and the attacker's MX servers, started on one shared SMTP port (DESIGN §4: the
 * sender's {@code --port} reaches whichever MX the DNS named). Bob binds a free port first, the
 * attacker then takes the same port on its own address; on a clash both start over, at most
 * {@link #MAX_TRIES} times. When both share one address they cannot share a port: each takes a free
 * one, and {@link #port()} is Bob's.
 *
 * <p>The attacker's MX forwards every message it stores to Bob's server, where Bob really listens
 * (never through an on-path stripper), so that its interception goes unnoticed (DESIGN §4).
 */
final class MxPair implements AutoCloseable {
    static final int MAX_TRIES = 20;
    private static final long MAX_SIZE = 10L * 1024 * 1024;
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(10);
    // Sessions each MX serves at once. A sender that keeps idle connections (Postfix's connection cache, up
    // to 20 per destination) must not find them all taken: with 4, Postfix's fifth connection waited 2 s for a
    // cached one to time out (bench, relay=postfix-dane-reuse). Postfix's smtpd serves up to 100.
    private static final int THREADS = 32;

    final LabMailServer bob;
    final LabMailServer attacker;

    private MxPair(LabMailServer bob, LabMailServer attacker) {
        this.bob = bob;
        this.attacker = attacker;
    }

    /** start - both servers listening, on a shared port when their addresses differ. */
    static MxPair start(InetAddress bobAt, Certificates.Issued bobIdentity, InetAddress attackerAt,
                        Certificates.Issued attackerIdentity) throws IOException {
        return start(bobAt, bobIdentity, attackerAt, attackerIdentity, () -> 0);
    }

    /** start - as above, Bob's candidate ports from {@code bobPorts} (0: any free one); tests force a clash. */
    static MxPair start(InetAddress bobAt, Certificates.Issued bobIdentity, InetAddress attackerAt,
                        Certificates.Issued attackerIdentity, IntSupplier bobPorts) throws IOException {
        boolean sharePort = !bobAt.equals(attackerAt);
        BindException last = null;
        for (int attempt = 0; attempt < MAX_TRIES; attempt++) {
            LabMailServer bob = LabMailServer.start(config(bobAt, bobPorts.getAsInt(), LabPki.BOB_MX, bobIdentity));
            int port = sharePort ? bob.address().getPort() : 0;
            try {
                return new MxPair(bob, LabMailServer.start(config(attackerAt, port, LabPki.ATTACKER_MX, attackerIdentity)
                        .withForwardTo(bob.address(), LabPki.BOB_MX)));
            } catch (BindException e) {
                bob.close(); // someone else holds this port on the attacker's address: try another
                last = e;
            } catch (IOException | RuntimeException e) {
                bob.close();
                throw e;
            }
        }
        throw new IOException("no port free on both " + bobAt.getHostAddress() + " and "
                + attackerAt.getHostAddress() + " after " + MAX_TRIES + " tries", last);
    }

    private static LabMailServer.Config config(InetAddress address, int port, String hostname,
                                               Certificates.Issued identity) {
        return new LabMailServer.Config(address, port, hostname, identity, MAX_SIZE, READ_TIMEOUT, THREADS);
    }

    /** port - the SMTP port the DNS's TLSA owners name: the shared one, or Bob's on a single address. */
    int port() {
        return bob.address().getPort();
    }

    @Override
    public void close() {
        attacker.close();
        bob.close();
    }
}
