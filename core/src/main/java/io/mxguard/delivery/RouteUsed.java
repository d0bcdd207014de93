package io.mxguard.delivery;

import java.net.InetSocketAddress;
import org.xbill.DNS.Name;

/** RouteUsed - the MX host and address a session went to, and the TLS it achieved. */
public record RouteUsed(Name host, InetSocketAddress address, TlsOutcome tls) {

    /** relay - "mx.destination.com[127.0.10.25]:25", as Postfix's relay= field. */
    public String relay() {
        return host.toString(true) + "[" + address.getAddress().getHostAddress() + "]:" + address.getPort();
    }
}
