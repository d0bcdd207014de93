package io.mxguard.delivery;

import io.mxguard.smtp.client.ClientOptions;
import java.net.InetSocketAddress;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * DeliveryOptions - how an {@link OutboundDelivery} connects and what it trusts for PKIX.
 *
 * @param port         the SMTP port of MX hosts (25; the lab uses a high one); TLSA names follow it
 * @param heloName     our EHLO name
 * @param client       SMTP client bounds and timeouts (RFC 5321 §4.5.3.2 defaults)
 * @param pkixRoots    CA certificates for levels verify/secure; empty = the JDK's default trust store
 * @param clock        for certificate dates
 * @param endpoint     maps a route (address, port) to where to connect; identity except in a lab
 *                     whose actors share one address and differ by port
 */
public record DeliveryOptions(int port, String heloName, ClientOptions client, List<X509Certificate> pkixRoots,
                              Clock clock, UnaryOperator<InetSocketAddress> endpoint) {

    public DeliveryOptions {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        Objects.requireNonNull(heloName, "heloName");
        Objects.requireNonNull(client, "client");
        pkixRoots = List.copyOf(pkixRoots);
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(endpoint, "endpoint");
    }

    /** defaults - port 25, EHLO with this host's name, RFC timeouts, the JDK trust store. */
    public static DeliveryOptions defaults(String heloName) {
        return new DeliveryOptions(25, heloName, ClientOptions.defaults(), List.of(), Clock.systemUTC(),
                UnaryOperator.identity());
    }

    public DeliveryOptions withPort(int p) {
        return new DeliveryOptions(p, heloName, client, pkixRoots, clock, endpoint);
    }

    public DeliveryOptions withClient(ClientOptions c) {
        return new DeliveryOptions(port, heloName, c, pkixRoots, clock, endpoint);
    }

    public DeliveryOptions withPkixRoots(List<X509Certificate> roots) {
        return new DeliveryOptions(port, heloName, client, roots, clock, endpoint);
    }

    public DeliveryOptions withEndpoint(UnaryOperator<InetSocketAddress> map) {
        return new DeliveryOptions(port, heloName, client, pkixRoots, clock, map);
    }

    /** pkixRootsOrDefault - the configured roots, or empty to mean "the JDK's trust store". */
    Optional<List<X509Certificate>> configuredRoots() {
        return pkixRoots.isEmpty() ? Optional.empty() : Optional.of(pkixRoots);
    }
}
