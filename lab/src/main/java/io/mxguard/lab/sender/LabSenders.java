package io.mxguard.lab.sender;

import io.mxguard.delivery.DeliveryEvent;
import io.mxguard.delivery.DeliveryOptions;
import io.mxguard.delivery.DeliveryReport;
import io.mxguard.delivery.OutboundDelivery;
import io.mxguard.dns.ResolverOptions;
import io.mxguard.dns.SecureResolver;
import io.mxguard.dns.TrustAnchorException;
import io.mxguard.dns.TrustAnchors;
import io.mxguard.dns.Upstream;
import io.mxguard.dns.ValidatingSecureResolver;
import io.mxguard.lab.world.LabWorld;
import io.mxguard.policy.LocalPolicy;
import io.mxguard.policy.PolicyTable;
import io.mxguard.policy.TlsLevel;
import io.mxguard.smtp.client.ClientOptions;
import io.mxguard.smtp.client.Envelope;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;
import org.xbill.DNS.Name;

/**
 * LabSenders - Alice's server, {@code smtp.source.com}, in each {@link SenderMode}: mxguard's delivery engine
 * configured as that kind of sender, pointed at one of the lab world's resolvers (honest or hijacking).
 *
 * <pre>
 * mode           DNS                        level      PKIX roots
 * plaintext      TrustingResolver           none       -
 * opportunistic  TrustingResolver           may        -
 * verify         TrustingResolver           verify     the lab public CA
 * dane-trust-ad  AdTrustingResolver (DO=1)  dane       -
 * mxguard        ValidatingSecureResolver   dane       -
 *                (lab root anchor)
 * </pre>
 *
 * Every mode: no local minimum, no policy table, the world's SMTP port, EHLO {@code smtp.source.com}, 5 s SMTP
 * timeouts, and the world's {@link LabWorld#smtpEndpoint} asked at every connection (the world may put an
 * on-path proxy in front of an MX between sends). A fresh resolver per send, so no cache carries over from one
 * scenario to the next. Thread-safe: sends share nothing but the world.
 */
public final class LabSenders {
    /** The next-hop domain of every lab send. */
    public static final Name DESTINATION = Name.fromConstantString("destination.com.");
    /** Our EHLO name. */
    public static final String HELO = "smtp.source.com";
    static final Duration SMTP_TIMEOUT = Duration.ofSeconds(5);

    private final LabWorld world;

    public LabSenders(LabWorld world) {
        this.world = Objects.requireNonNull(world, "world");
    }

    /** Sent - the marker of the message sent (find it at Bob's or the attacker's server) and the engine's report. */
    public record Sent(SenderMode mode, String marker, DeliveryReport report) {
    }

    /** send - one attempt, in {@code mode}, of a fresh lab message to bob@destination.com, asking DNS of {@code resolver}. */
    public Sent send(SenderMode mode, InetSocketAddress resolver, Consumer<DeliveryEvent> events) {
        LabMessage message = LabMessage.fresh();
        try (SecureResolver dns = resolver(mode, resolver)) {
            DeliveryReport report = delivery(mode, dns, events).attempt(DESTINATION,
                    Envelope.of(LabMessage.FROM, LabMessage.TO), message.content());
            return new Sent(mode, message.marker(), report);
        }
    }

    /** delivery - the engine {@code mode} uses, over {@code resolver} (the caller closes it). */
    public OutboundDelivery delivery(SenderMode mode, SecureResolver resolver, Consumer<DeliveryEvent> events) {
        return new OutboundDelivery(resolver, policy(mode), options(mode), RandomGenerator.getDefault(), events);
    }

    /** resolver - the DNS {@code mode} believes, asking {@code server}; close it after use. */
    public SecureResolver resolver(SenderMode mode, InetSocketAddress server) {
        return switch (mode.dns()) {
            case TRUSTING -> new TrustingResolver(server);
            case AD_TRUSTING -> new AdTrustingResolver(server);
            case VALIDATING -> validating(server);
        };
    }

    /** policy - {@code mode}'s level as the default, no minimum, no table. */
    public static LocalPolicy policy(SenderMode mode) {
        return new LocalPolicy(mode.level(), TlsLevel.NONE, PolicyTable.empty());
    }

    /** options - the world's port and endpoint mapping, our EHLO, short timeouts; PKIX roots for verify. */
    public DeliveryOptions options(SenderMode mode) {
        List<java.security.cert.X509Certificate> roots = mode.level().takesMatchNames()
                ? List.of(world.publicCa().certificate()) : List.of();
        // Asked at every connection, not once: the world may put a stripper in front of Bob later.
        return new DeliveryOptions(world.smtpPort(), HELO, ClientOptions.defaults().withAllTimeouts(SMTP_TIMEOUT),
                roots, world.options().clock(), a -> world.smtpEndpoint(a.getAddress(), a.getPort()));
    }

    private ValidatingSecureResolver validating(InetSocketAddress server) {
        // Loopback answers in microseconds: short tries keep a failing scenario from stalling the matrix.
        ResolverOptions options = ResolverOptions.defaults().withTimeoutPerTry(StubLookup.TIMEOUT_PER_TRY)
                .withTries(StubLookup.TRIES).withDeadline(Duration.ofSeconds(5));
        try {
            return ValidatingSecureResolver.create(
                    List.of(new Upstream(server.getAddress().getHostAddress(), server.getPort())),
                    TrustAnchors.load(world.dns().trustAnchorFile()), options, world.options().clock());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the validating resolver for " + server, e);
        } catch (TrustAnchorException e) {
            throw new IllegalStateException("the lab trust anchor does not load: " + e.getMessage(), e);
        }
    }
}
