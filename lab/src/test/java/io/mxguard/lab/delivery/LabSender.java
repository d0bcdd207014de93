package io.mxguard.lab.delivery;

import io.mxguard.delivery.ConnectionCache;
import io.mxguard.delivery.DeliveryEvent;
import io.mxguard.delivery.DeliveryOptions;
import io.mxguard.delivery.DeliveryReport;
import io.mxguard.delivery.OutboundDelivery;
import io.mxguard.dns.ValidatingSecureResolver;
import io.mxguard.lab.world.LabWorld;
import io.mxguard.lab.world.WorldResolvers;
import io.mxguard.policy.LocalPolicy;
import io.mxguard.policy.PolicyTable;
import io.mxguard.policy.TlsLevel;
import io.mxguard.smtp.client.ClientOptions;
import io.mxguard.smtp.client.Envelope;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import org.xbill.DNS.Name;

/** LabSender - Alice's server for tests: mxguard's delivery engine pointed at a lab world's resolver. */
final class LabSender {
    static final Name DESTINATION = Name.fromConstantString("destination.com.");
    static final byte[] MESSAGE = ("From: alice@source.com\r\nTo: bob@destination.com\r\n"
            + "Subject: Quarterly numbers\r\n\r\nThe numbers are good.\r\n").getBytes(StandardCharsets.US_ASCII);

    final List<DeliveryEvent> events = new CopyOnWriteArrayList<>();
    private final LabWorld world;
    private final ConnectionCache connections;
    private final UnaryOperator<InetSocketAddress> endpoint;

    LabSender(LabWorld world) {
        this(world, ConnectionCache.disabled());
    }

    /** LabSender - keeping sessions in {@code connections} between sends (the test closes it). */
    LabSender(LabWorld world, ConnectionCache connections) {
        this(world, connections, a -> world.smtpEndpoint(a.getAddress(), a.getPort()));
    }

    /** LabSender - connecting where {@code endpoint} says (a relay in front of Bob, say). */
    LabSender(LabWorld world, ConnectionCache connections, UnaryOperator<InetSocketAddress> endpoint) {
        this.world = world;
        this.connections = connections;
        this.endpoint = endpoint;
    }

    /** send - one attempt for bob@destination.com through {@code resolver}, at {@code level}. */
    DeliveryReport send(InetSocketAddress resolver, TlsLevel level) throws Exception {
        events.clear();
        try (ValidatingSecureResolver dns = WorldResolvers.validating(world.dns(), resolver)) {
            DeliveryOptions options = DeliveryOptions.defaults("smtp.source.com").withPort(world.smtpPort())
                    .withClient(ClientOptions.defaults().withAllTimeouts(Duration.ofSeconds(5)))
                    .withPkixRoots(List.of(world.publicCa().certificate()))
                    .withEndpoint(endpoint);
            OutboundDelivery engine = new OutboundDelivery(dns, new LocalPolicy(level, TlsLevel.NONE, PolicyTable.empty()),
                    options, new Random(7), events::add, connections);
            return engine.attempt(DESTINATION, Envelope.of("alice@source.com", "bob@destination.com"), MESSAGE);
        }
    }
}
