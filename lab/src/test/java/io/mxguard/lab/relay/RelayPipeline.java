package io.mxguard.lab.relay;

import io.mxguard.delivery.DeliveryEvent;
import io.mxguard.delivery.DeliveryOptions;
import io.mxguard.delivery.OutboundDelivery;
import io.mxguard.dns.ValidatingSecureResolver;
import io.mxguard.lab.world.LabWorld;
import io.mxguard.lab.world.WorldResolvers;
import io.mxguard.policy.LocalPolicy;
import io.mxguard.policy.PolicyTable;
import io.mxguard.policy.TlsLevel;
import io.mxguard.queue.QueueAdmin;
import io.mxguard.queue.QueueConfig;
import io.mxguard.queue.QueueManager;
import io.mxguard.queue.Spool;
import io.mxguard.smtp.client.ClientOptions;
import io.mxguard.smtp.server.ServerConfig;
import io.mxguard.smtp.server.SmtpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * RelayPipeline - the relay as the issue describes it, wired from core parts for tests: a strict
 * {@link SmtpServer} on 127.0.0.1:0 whose store is a {@link Spool}, and a {@link QueueManager} whose
 * {@link io.mxguard.queue.DomainDelivery} is mxguard's {@link OutboundDelivery} (validating resolver at one
 * lab resolver, the lab trust anchor, level DANE, EHLO {@code relay.source.com}).
 *
 * <p>It needs no {@link LabWorld} object, only its coordinates ({@link Settings}), so {@link RelayMain} can
 * run the same pipeline in a child JVM. {@link #close()} stops the server, then the scheduler, then DNS.
 */
final class RelayPipeline implements AutoCloseable {
    static final String HELO = "relay.source.com";

    /**
     * Settings - where the relay's pieces point.
     *
     * @param resolver        the DNS server the validating resolver asks (honest or hijacking)
     * @param trustAnchorFile the lab root anchor
     * @param smtpPort        the MX hosts' port (TLSA owners follow it)
     * @param endpoint        route (address, port) to where to connect (the lab's {@code smtpEndpoint})
     * @param spoolDir        the queue directory; reused as is across restarts
     * @param relayNetworks   CIDR blocks allowed to relay through the server
     * @param queue           backoff and threads of the scheduler
     */
    record Settings(InetSocketAddress resolver, Path trustAnchorFile, int smtpPort,
                    UnaryOperator<InetSocketAddress> endpoint, Path spoolDir, List<String> relayNetworks,
                    QueueConfig queue) {
        Settings {
            Objects.requireNonNull(resolver, "resolver");
            Objects.requireNonNull(trustAnchorFile, "trustAnchorFile");
            Objects.requireNonNull(endpoint, "endpoint");
            Objects.requireNonNull(spoolDir, "spoolDir");
            relayNetworks = List.copyOf(relayNetworks);
            Objects.requireNonNull(queue, "queue");
        }

        /** forWorld - a relay in front of {@code world}, asking {@code resolver}, loopback clients may relay. */
        static Settings forWorld(LabWorld world, InetSocketAddress resolver, Path spoolDir) {
            return new Settings(resolver, world.dns().trustAnchorFile(), world.smtpPort(),
                    a -> world.smtpEndpoint(a.getAddress(), a.getPort()), spoolDir, List.of("127.0.0.0/8"),
                    QueueConfig.defaults(HELO));
        }

        Settings withRelayNetworks(String... cidrs) {
            return new Settings(resolver, trustAnchorFile, smtpPort, endpoint, spoolDir, List.of(cidrs), queue);
        }

        Settings withQueue(QueueConfig q) {
            return new Settings(resolver, trustAnchorFile, smtpPort, endpoint, spoolDir, relayNetworks, q);
        }
    }

    private final ValidatingSecureResolver dns;
    private final Spool spool;
    private final QueueManager queue;
    private final SmtpServer server;

    private RelayPipeline(ValidatingSecureResolver dns, Spool spool, QueueManager queue, SmtpServer server) {
        this.dns = dns;
        this.spool = spool;
        this.queue = queue;
        this.server = server;
    }

    /** start - open the spool, start the scheduler (which recovers first), then listen. */
    static RelayPipeline start(Settings s, Consumer<DeliveryEvent> events) throws Exception {
        ValidatingSecureResolver dns = WorldResolvers.validating(s.trustAnchorFile(), s.resolver());
        QueueManager queue = null;
        try {
            DeliveryOptions options = DeliveryOptions.defaults(HELO).withPort(s.smtpPort())
                    .withClient(ClientOptions.defaults().withAllTimeouts(Duration.ofSeconds(5)))
                    .withEndpoint(s.endpoint());
            OutboundDelivery delivery = new OutboundDelivery(dns,
                    new LocalPolicy(TlsLevel.DANE, TlsLevel.NONE, PolicyTable.empty()), options, new Random(), events);
            Spool spool = Spool.open(s.spoolDir(), Clock.systemUTC());
            queue = new QueueManager(spool, delivery::attempt, s.queue(), Clock.systemUTC());
            queue.start();
            ServerConfig config = ServerConfig.defaults()
                    .withListen(List.of(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0)))
                    .withHostname(HELO).withReadTimeout(Duration.ofSeconds(10))
                    .withRelayNetworks(s.relayNetworks().toArray(String[]::new))
                    .withShutdownGrace(Duration.ofSeconds(2));
            SmtpServer server = new SmtpServer(config, spool).start();
            return new RelayPipeline(dns, spool, queue, server);
        } catch (Exception | Error e) {
            if (queue != null) {
                queue.close();
            }
            dns.close();
            throw e;
        }
    }

    /** smtp - where the relay's SMTP server listens. */
    InetSocketAddress smtp() {
        return server.addresses().get(0);
    }

    Spool spool() {
        return spool;
    }

    QueueAdmin admin() {
        return new QueueAdmin(spool);
    }

    QueueManager queue() {
        return queue;
    }

    @Override
    public void close() {
        server.close();
        queue.close();
        dns.close();
    }
}
