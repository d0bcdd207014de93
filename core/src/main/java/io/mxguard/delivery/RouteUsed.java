package io.mxguard.delivery;

import java.net.InetSocketAddress;
import org.xbill.DNS.Name;

/**
 * RouteUsed - the MX host and address a session went to, the TLS it achieved, and whether the server
 * announced DSN: then the RFC 3461 parameters went with the message and, once it accepted a recipient,
 * reporting on that recipient is the server's job (RFC 3461 §5.2.1), not ours (§5.2.2).
 */
public record RouteUsed(Name host, InetSocketAddress address, TlsOutcome tls, boolean dsnPassedOn) {

    /** relay - "mx.destination.com[127.0.10.25]:25", as Postfix's relay= field. */
    public String relay() {
        return host.toString(true) + "[" + address.getAddress().getHostAddress() + "]:" + address.getPort();
    }
}
