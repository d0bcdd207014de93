package io.mxguard.delivery;

import io.mxguard.dns.MxResult;
import io.mxguard.policy.RouteDecision;
import io.mxguard.policy.TlsRequirement;
import java.net.InetSocketAddress;
import org.xbill.DNS.Name;

/**
 * DeliveryEvent - what one delivery attempt did, step by step. The delivery log, the lab report
 * and (later) the TLS-RPT counters all consume these same events.
 */
public sealed interface DeliveryEvent {

    /** The MX lookup of the next-hop domain finished. */
    record MxResolved(Name domain, MxResult result) implements DeliveryEvent {
    }

    /** The policy chose how to treat this MX host (level, mode, why). */
    record RouteChosen(Name domain, RouteDecision.Use route) implements DeliveryEvent {
    }

    /** The policy refused this MX host before any connection (DNS failure, DANE required...). */
    record RouteSkipped(Name domain, RouteDecision.Skip skip) implements DeliveryEvent {
    }

    /** A TCP connection is being opened to one address of a route. */
    record Connecting(Name host, InetSocketAddress address, TlsRequirement requirement) implements DeliveryEvent {
    }

    /**
     * A session kept open after an earlier transaction to the same route and TLS policy carries this one
     * (after a successful RSET): no new connection, no new handshake; {@code tls} is what its handshake
     * achieved. {@code transaction} counts from 1 on the connection.
     */
    record Reusing(Name host, InetSocketAddress address, TlsOutcome tls, int transaction) implements DeliveryEvent {
    }

    /** A kept session turned out dead (RSET failed, closed by the server, 421) and was dropped; a fresh one follows. */
    record StaleConnection(Name host, InetSocketAddress address, String reason) implements DeliveryEvent {
    }

    /** The session could not be used (connect, STARTTLS, authentication, protocol); the next route follows. */
    record RouteFailed(Name host, InetSocketAddress address, String enhancedStatus, boolean authentication,
                       String reason) implements DeliveryEvent {
    }

    /** TLS came up (or did not, for opportunistic routes) at this level. */
    record TlsEstablished(Name host, InetSocketAddress address, TlsOutcome tls) implements DeliveryEvent {
    }

    /** The server's verdict on one recipient. */
    record RecipientDone(RecipientOutcome outcome) implements DeliveryEvent {
    }
}
