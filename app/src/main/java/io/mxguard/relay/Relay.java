package io.mxguard.relay;

import io.mxguard.delivery.ConnectionCache;
import io.mxguard.delivery.DeliveryReport;
import io.mxguard.delivery.OutboundDelivery;
import io.mxguard.delivery.RecipientOutcome;
import io.mxguard.dns.ResolverOptions;
import io.mxguard.dns.Upstream;
import io.mxguard.dns.UpstreamCheck;
import io.mxguard.dns.ValidatingSecureResolver;
import io.mxguard.queue.DomainDelivery;
import io.mxguard.queue.QueueManager;
import io.mxguard.queue.Spool;
import io.mxguard.report.DeliveryLog;
import io.mxguard.smtp.server.SmtpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Relay - the long-running relay, wired: the SMTP server puts accepted mail into the spool; the
 * queue manager hands each domain's recipients to {@link OutboundDelivery} (validating resolver,
 * DANE / MTA-STS / local policy, connections reused); every recipient's outcome becomes one
 * {@link DeliveryLog} line.
 *
 * <p>{@link #close()} stops in the order that loses nothing: the server stops accepting and lets
 * running transactions finish (bounded by its shutdown grace), then the scheduler lets in-flight
 * deliveries finish (bounded), then kept connections and the resolver close. A message that was
 * acknowledged is on disk whatever happens; one interrupted in flight is retried at the next start.
 */
public final class Relay implements AutoCloseable {
    private final Spool spool;
    private final ValidatingSecureResolver resolver;
    private final ConnectionCache connections;
    private final QueueManager queue;
    private final SmtpServer server;

    private Relay(Spool spool, ValidatingSecureResolver resolver, ConnectionCache connections, QueueManager queue,
                  SmtpServer server) {
        this.spool = spool;
        this.resolver = resolver;
        this.connections = connections;
        this.queue = queue;
        this.server = server;
    }

    /**
     * start - open the spool, check the resolvers, start the scheduler, then the server.
     *
     * @param deliveryLog receives one line per recipient per attempt
     * @param notices     receives start-up warnings (an upstream that strips DNSSEC records)
     */
    public static Relay start(RelayConfig config, Consumer<String> deliveryLog, Consumer<String> notices)
            throws IOException {
        Clock clock = Clock.systemUTC();
        Spool spool = Spool.open(config.queueDirectory(), clock);
        checkUpstreams(config, notices);
        ValidatingSecureResolver resolver = ValidatingSecureResolver.create(config.resolvers(), config.anchors(),
                ResolverOptions.defaults(), clock);
        ConnectionCache connections = ConnectionCache.reusing(ConnectionCache.Limits.defaults());
        OutboundDelivery engine = new OutboundDelivery(resolver, config.policy(), config.delivery(), new SecureRandom(),
                e -> { }, connections);
        QueueManager queue = new QueueManager(spool, engine::attempt, config.queue(), clock);
        queue.onAttempt(logged(config.logFormat(), deliveryLog, clock));
        SmtpServer server = new SmtpServer(config.server(), spool);
        try {
            queue.start();
            server.start();
        } catch (IOException | RuntimeException e) {
            server.close();
            queue.close();
            connections.close();
            resolver.close();
            throw e;
        }
        return new Relay(spool, resolver, connections, queue, server);
    }

    /**
     * logged - one delivery log line per recipient per attempt, with the queue id and the delay since arrival; the
     * attempt that ends a recipient's queue lifetime says so (status=expired).
     */
    static QueueManager.AttemptListener logged(DeliveryLog.Format format, Consumer<String> log, Clock clock) {
        return (queueId, arrival, domain, report, expired) -> {
            Duration delay = Duration.between(arrival, clock.instant());
            for (RecipientOutcome o : report.recipients()) {
                log.accept(DeliveryLog.line(format, queueId, o, delay,
                        expired.contains(o.recipient().toLowerCase(Locale.ROOT))));
            }
        };
    }

    // DESIGN §5: "If the upstream strips DNSSEC records, say so plainly at start-up."
    private static void checkUpstreams(RelayConfig config, Consumer<String> notices) {
        var owner = config.anchors().owners().iterator().next();
        for (Upstream upstream : config.resolvers()) {
            UpstreamCheck.Result r = UpstreamCheck.probe(upstream, owner, Optional.empty(), Duration.ofSeconds(2));
            if (r instanceof UpstreamCheck.StripsDnssec strips) {
                notices.accept("WARNING: " + strips.message());
            } else if (r instanceof UpstreamCheck.Unreachable unreachable) {
                notices.accept("WARNING: " + unreachable.message());
            }
        }
    }

    /** addresses - where the SMTP server listens (the real ports, when the configuration said 0). */
    public List<InetSocketAddress> addresses() {
        return server.addresses();
    }

    public Spool spool() {
        return spool;
    }

    /** flush - every deferred message is due now (as {@code mxguard queue flush}, but in-process). */
    public void flush() throws IOException {
        queue.flush();
    }

    @Override
    public void close() {
        server.close();
        queue.close();
        connections.close();
        resolver.close();
    }
}
