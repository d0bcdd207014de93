package io.mxguard.lab.peers;

import io.mxguard.lab.dns.LabZones;
import io.mxguard.lab.world.LabWorld;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Objects;

/**
 * DaneSendingPostfix - Alice's mail server as a real Postfix that delivers with DANE into a {@link LabWorld}:
 * a private {@link Unbound} on 127.0.0.1:53 (the only nameserver of a private namespace's resolv.conf, see
 * {@link PrivateDns}) whose stub zones point at {@code authority} (the world's honest server, or the resolver
 * an attack leaves Alice), and {@link Postfix#startSendingWithDane} for destination.com on the world's SMTP
 * port, as source.com, listening on 127.0.0.1 (a free port). {@link #close()} stops both.
 */
public record DaneSendingPostfix(Unbound unbound, Postfix postfix) implements AutoCloseable {
    private static final Path POSTFIX = Path.of("/usr/sbin/postfix");
    private static final Path UNBOUND = Path.of("/usr/sbin/unbound");
    private static final InetSocketAddress PRIVATE_RESOLVER = new InetSocketAddress("127.0.0.1", 53);

    public DaneSendingPostfix {
        Objects.requireNonNull(unbound, "unbound");
        Objects.requireNonNull(postfix, "postfix");
    }

    /**
     * start - both, or an IOException saying why not: not root, not in a private namespace, or a world that
     * could bind only 127.0.0.1 (Postfix connects to the MX addresses the DNS names, with no endpoint map).
     */
    public static DaneSendingPostfix start(LabWorld world, InetSocketAddress authority, boolean tlsReuse)
            throws IOException {
        String why = Postfix.unavailableReason().or(PrivateDns::unavailableReason).orElse(null);
        if (why != null) {
            throw new IOException(why);
        }
        if (world.singleAddress()) {
            throw new IOException("the lab world could bind only 127.0.0.1, and Postfix connects to the MX addresses"
                    + " in the DNS");
        }
        Unbound unbound = new Unbound(UNBOUND, world.dns(), authority,
                Unbound.Options.defaults().withVerbosity(0).withListen(PRIVATE_RESOLVER)).start();
        try {
            return new DaneSendingPostfix(unbound, Postfix.startSendingWithDane(POSTFIX,
                    new InetSocketAddress("127.0.0.1", 0), LabZones.DESTINATION.toString(true), world.smtpPort(), tlsReuse,
                    LabZones.SOURCE.toString(true)));
        } catch (IOException | RuntimeException e) {
            unbound.close();
            throw e;
        }
    }

    /** address - where Postfix's smtpd takes mail to send. */
    public InetSocketAddress address() {
        return postfix.address();
    }

    @Override
    public void close() {
        postfix.close();
        unbound.close();
    }
}
