package io.mxguard.lab.dns;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Collection;
import java.util.List;
import java.util.function.Consumer;

/**
 * AuthoritativeServer - serves a set of {@link ServedZone}s over UDP and TCP on one loopback port,
 * as a server authoritative for all of them: to a validating stub it looks like a recursive
 * resolver that passes RRSIGs and denial proofs through; to an iterative resolver (unbound with
 * our address as root hint) it looks like BIND serving every zone.
 *
 * <p>Inputs: the zones, a {@link DnsServerConfig} (address, sizes, bounds) and a listener that
 * sees one {@link DnsQueryEvent} per packet. Outcomes per query: an answer with AA, a referral for
 * a cut to a zone we do not hold, NXDOMAIN or NODATA with SOA (and NSEC/NSEC3 proofs with DO),
 * REFUSED outside our zones, FORMERR/NOTIMP/REFUSED for malformed or unsupported packets, silence
 * for what cannot be answered at all. AD is never set.
 *
 * <p>Thread-safe. {@link #close()} releases the port and every thread, and may be called twice.
 */
public final class AuthoritativeServer implements AutoCloseable {
    private final DnsTransport transport;

    /** AuthoritativeServer - on 127.0.0.1, a free port, no listener. */
    public AuthoritativeServer(Collection<ServedZone> zones) {
        this(DnsServerConfig.loopback(), zones, event -> {});
    }

    public AuthoritativeServer(DnsServerConfig config, Collection<ServedZone> zones, Consumer<DnsQueryEvent> listener) {
        AuthoritativeAnswerer answerer = new AuthoritativeAnswerer(List.copyOf(zones), config.udpPayloadSize());
        this.transport = new DnsTransport("authoritative", config, answerer, listener);
    }

    /** start - bind UDP and TCP on the same port and begin answering. */
    public AuthoritativeServer start() throws IOException {
        transport.start();
        return this;
    }

    /** address - the loopback address and port we answer on. */
    public InetSocketAddress address() {
        return transport.address();
    }

    @Override
    public void close() {
        transport.close();
    }
}
