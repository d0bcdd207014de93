package io.mxguard.delivery;

import io.mxguard.delivery.RecipientOutcome.Fault;
import io.mxguard.delivery.RecipientOutcome.Status;
import io.mxguard.dns.MxLookup;
import io.mxguard.dns.MxResult;
import io.mxguard.dns.SecureResolver;
import io.mxguard.policy.LocalPolicy;
import io.mxguard.policy.RouteDecision;
import io.mxguard.policy.RoutePlan;
import io.mxguard.policy.RoutePlanner;
import io.mxguard.smtp.Reply;
import io.mxguard.smtp.ReplyCode;
import io.mxguard.smtp.client.Envelope;
import io.mxguard.smtp.client.RecipientResult;
import io.mxguard.smtp.client.SmtpClient;
import io.mxguard.smtp.client.SmtpFailure;
import io.mxguard.smtp.client.SmtpOutcome;
import io.mxguard.smtp.client.SmtpSession;
import io.mxguard.smtp.client.Transaction;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;
import org.xbill.DNS.Name;

/**
 * OutboundDelivery - one attempt to deliver one message to the recipients of one domain.
 *
 * <p>The pipeline is {@link #attempt}: resolve MX → plan routes (DANE, policy table, local
 * minimum) → for each route and address: connect → STARTTLS → verify → transact. An
 * authentication or TLS failure moves to the next MX host; when none is left the mail is deferred
 * (4.7.5 for security failures) — never bounced for that, never sent in plaintext where TLS was
 * required. Thread-safe; every step is reported as a {@link DeliveryEvent}.
 *
 * <p>With a {@link ConnectionCache}, a session whose transaction completed stays open, and the next
 * attempt to the same next-hop domain, MX host, address and TLS requirement sends RSET and its MAIL
 * FROM on it instead of connecting and verifying again; a kept session found dead is dropped and a new
 * connection follows, transparently.
 */
public final class OutboundDelivery {
    private final MxLookup mxLookup;
    private final RoutePlanner planner;
    private final DeliveryOptions options;
    private final SmtpClient client;
    private final Consumer<DeliveryEvent> events;
    private final ConnectionCache connections;

    /** OutboundDelivery - connection reuse off: every attempt connects, verifies and QUITs. */
    public OutboundDelivery(SecureResolver resolver, LocalPolicy policy, DeliveryOptions options,
                            RandomGenerator random, Consumer<DeliveryEvent> events) {
        this(resolver, policy, options, random, events, ConnectionCache.disabled());
    }

    /**
     * OutboundDelivery - with {@code connections} keeping sessions open between attempts to the same
     * route under the same TLS policy; the caller owns (and closes) the cache, which engines may share.
     */
    public OutboundDelivery(SecureResolver resolver, LocalPolicy policy, DeliveryOptions options,
                            RandomGenerator random, Consumer<DeliveryEvent> events, ConnectionCache connections) {
        this.mxLookup = new MxLookup(resolver, random);
        this.planner = new RoutePlanner(resolver, policy, options.port());
        this.options = options;
        this.client = new SmtpClient(options.client());
        this.events = events;
        this.connections = Objects.requireNonNull(connections, "connections");
    }

    /** attempt - deliver {@code content} (CRLF lines) to {@code envelope}'s recipients at {@code domain}. */
    public DeliveryReport attempt(Name domain, Envelope envelope, byte[] content) {
        MxResult mx = resolveMx(domain);
        if (!(mx instanceof MxResult.Hosts hosts)) {
            return everyone(domain, envelope, unroutable(mx), List.of());
        }
        RoutePlan plan = planRoutes(domain, hosts);
        List<String> skipped = new ArrayList<>();
        plan.skips().forEach(s -> skipped.add(s.host().host().toString(true) + ": " + s.reason()));
        if (!(plan.verdict() instanceof RoutePlan.Verdict.Deliver deliver)) {
            return everyone(domain, envelope, notPlanned(plan.verdict()), skipped);
        }
        RouteFailures failures = new RouteFailures();
        for (RouteDecision.Use route : deliver.routes()) {
            for (InetAddress address : route.addresses()) {
                Optional<List<RecipientOutcome>> done = tryRoute(domain, route, address, envelope, content, failures);
                if (done.isPresent()) {
                    return new DeliveryReport(domain, done.get(), failures.appendTo(skipped));
                }
            }
        }
        return everyone(domain, envelope, failures.verdict(), failures.appendTo(skipped));
    }

    private MxResult resolveMx(Name domain) {
        MxResult mx = mxLookup.lookup(domain);
        events.accept(new DeliveryEvent.MxResolved(domain, mx));
        return mx;
    }

    private RoutePlan planRoutes(Name domain, MxResult.Hosts hosts) {
        RoutePlan plan = planner.plan(hosts);
        for (RouteDecision d : plan.decisions()) {
            events.accept(d instanceof RouteDecision.Use use ? new DeliveryEvent.RouteChosen(domain, use)
                    : new DeliveryEvent.RouteSkipped(domain, (RouteDecision.Skip) d));
        }
        return plan;
    }

    /**
     * tryRoute - one session (kept from an earlier attempt, else a new one); the recipients' outcomes
     * when it settled them, empty to try the next route.
     */
    private Optional<List<RecipientOutcome>> tryRoute(Name domain, RouteDecision.Use route, InetAddress address,
                                                      Envelope envelope, byte[] content, RouteFailures failures) {
        Name host = route.host().host();
        InetSocketAddress to = options.endpoint().apply(new InetSocketAddress(address, options.port()));
        ConnectionCache.Key key = ConnectionCache.Key.of(domain, host, to, route.requirement(), options);
        Sent sent = sendOnKept(key, host, to, envelope, content)
                .orElseGet(() -> sendOnNew(key, route, host, to, envelope, content, failures));
        return settle(route, host, to, sent, envelope, failures);
    }

    /** Sent - one transaction's outcome, the TLS it ran over, and why the trust manager refused the peer (if it did). */
    private record Sent(SmtpOutcome<Transaction> outcome, TlsOutcome tls, Optional<String> refusal, boolean reused) {
    }

    /**
     * sendOnKept - the transaction on a session kept for exactly this key, after RSET proves it alive;
     * empty when none is kept or it turned out dead before anything of the message was accepted (then a
     * new connection follows, transparently).
     */
    private Optional<Sent> sendOnKept(ConnectionCache.Key key, Name host, InetSocketAddress to, Envelope envelope,
                                      byte[] content) {
        for (Optional<ConnectionCache.Idle> kept = connections.take(key); kept.isPresent();
             kept = connections.take(key)) {
            SmtpSession session = kept.get().session();
            SmtpOutcome<Reply> alive = session.rset(); // RFC 5321 §4.1.1.5: a clean state, and a sign of life
            if (!alive.isOk()) {
                events.accept(new DeliveryEvent.StaleConnection(host, to, alive.failure().message()));
                continue;
            }
            events.accept(new DeliveryEvent.Reusing(host, to, kept.get().tls(), session.transactions() + 1));
            SmtpOutcome<Transaction> sent = session.send(envelope, content);
            if (!sent.isOk() && diedBeforeMessage(sent.failure())) {
                session.quit();
                events.accept(new DeliveryEvent.StaleConnection(host, to, sent.failure().message()));
                continue;
            }
            keepOrQuit(key, session, sent, kept.get().tls());
            return Optional.of(new Sent(sent, kept.get().tls(), Optional.empty(), true));
        }
        return Optional.empty();
    }

    /**
     * diedBeforeMessage - a kept session that closed (or said 421) before the message data was sent:
     * the server accepted nothing, so the transaction may go on a new connection.
     */
    private static boolean diedBeforeMessage(SmtpFailure f) {
        boolean early = switch (f.stage()) {
            case MAIL, RCPT, DATA -> true;
            default -> false;
        };
        boolean gone = f.kind() == SmtpFailure.Kind.CONNECTION_LOST
                || f.reply().map(r -> r.code() == ReplyCode.SERVICE_NOT_AVAILABLE).orElse(false);
        return early && gone;
    }

    /** sendOnNew - connect → STARTTLS → verify → transact on a new session; kept afterwards when the cache allows. */
    private Sent sendOnNew(ConnectionCache.Key key, RouteDecision.Use route, Name host, InetSocketAddress to,
                           Envelope envelope, byte[] content, RouteFailures failures) {
        RouteTls tls = RouteTls.forRoute(host, route.requirement(), options);
        events.accept(new DeliveryEvent.Connecting(host, to, route.requirement()));
        SmtpOutcome<SmtpSession> ready = client.ready(to, options.heloName(), tls.plan());
        if (!ready.isOk() && !route.requirement().mandatoryTls()
                && ready.failure().kind() == SmtpFailure.Kind.TLS_HANDSHAKE_FAILED) {
            // Opportunistic TLS (may): a failed handshake falls back to plaintext on a new connection, as Postfix
            // does. That session is not kept: the next message tries TLS again.
            failures.add(host, to, ready.failure(), false, "TLS handshake failed, retrying without TLS: "
                    + ready.failure().message());
            RouteTls plain = RouteTls.forRoute(host, noTls(route), options);
            SmtpOutcome<SmtpClient.Delivered> sent = client.deliver(to, options.heloName(), Optional.empty(),
                    envelope, content);
            TlsOutcome achieved = sent.isOk() ? plain.outcome(sent.value().tls()) : TlsOutcome.NONE;
            return new Sent(sent.map(SmtpClient.Delivered::transaction), achieved, plain.refusal(), false);
        }
        if (!ready.isOk()) {
            return new Sent(SmtpOutcome.failed(ready.failure()), TlsOutcome.NONE, tls.refusal(), false);
        }
        SmtpSession session = ready.value();
        TlsOutcome achieved = tls.outcome(session.tlsState());
        SmtpOutcome<Transaction> sent = session.send(envelope, content);
        keepOrQuit(key, session, sent, achieved);
        return new Sent(sent, achieved, tls.refusal(), false);
    }

    /** keepOrQuit - a session whose transaction completed goes back to the cache if it may; every other is QUIT. */
    private void keepOrQuit(ConnectionCache.Key key, SmtpSession session, SmtpOutcome<Transaction> sent,
                            TlsOutcome tls) {
        if (!(sent.isOk() && connections.offer(key, session, tls))) {
            session.quit();
        }
    }

    /** settle - the recipients' outcomes from one session's transaction, or empty (and the failure noted) to go on. */
    private Optional<List<RecipientOutcome>> settle(RouteDecision.Use route, Name host, InetSocketAddress to, Sent sent,
                                                    Envelope envelope, RouteFailures failures) {
        if (sent.outcome().isOk()) {
            if (!sent.reused()) {
                events.accept(new DeliveryEvent.TlsEstablished(host, to, sent.tls()));
            }
            RouteUsed used = new RouteUsed(host, to, sent.tls(), sent.outcome().value().dsnPassedOn());
            List<RecipientOutcome> outcomes = new ArrayList<>();
            for (RecipientResult r : sent.outcome().value().recipients()) {
                RecipientOutcome o = recipient(r, used);
                events.accept(new DeliveryEvent.RecipientDone(o));
                outcomes.add(o);
            }
            return Optional.of(outcomes);
        }
        SmtpFailure f = sent.outcome().failure();
        if (f.permanent() && settlesTransaction(f)) {
            RouteUsed used = new RouteUsed(host, to, TlsOutcome.NONE, false);
            return Optional.of(envelope.recipients().stream()
                    .map(rcpt -> new RecipientOutcome(rcpt, Status.BOUNCED, f.status().toString(), f.message(),
                            f.fault() == SmtpFailure.Fault.MESSAGE ? Fault.MESSAGE : Fault.REMOTE_SITE, Optional.of(used)))
                    .toList());
        }
        boolean authentication = route.requirement().mandatoryTls()
                && (f.kind() == SmtpFailure.Kind.TLS_HANDSHAKE_FAILED || f.kind() == SmtpFailure.Kind.STARTTLS_NOT_OFFERED);
        String reason = sent.refusal().orElse(f.message());
        failures.add(host, to, f, authentication, reason);
        events.accept(new DeliveryEvent.RouteFailed(host, to, failures.lastStatus(), authentication, reason));
        return Optional.empty();
    }

    private static io.mxguard.policy.TlsRequirement noTls(RouteDecision.Use route) {
        var r = route.requirement();
        return new io.mxguard.policy.TlsRequirement(r.level(), new io.mxguard.policy.TlsMode.NoTls(),
                io.mxguard.policy.Assurance.NONE, r.why() + "; TLS handshake failed, plaintext retry");
    }

    /** settlesTransaction - a permanent failure of the message itself, not of this route (bounce, do not retry elsewhere). */
    private static boolean settlesTransaction(SmtpFailure f) {
        return switch (f.kind()) {
            case UNSUPPORTED_BY_SERVER, INVALID_MESSAGE -> true;
            case REJECTED -> switch (f.stage()) {
                case MAIL, RCPT, DATA, DATA_BLOCK, DATA_END -> true;
                default -> false;
            };
            default -> false;
        };
    }

    private static RecipientOutcome recipient(RecipientResult r, RouteUsed used) {
        var reply = r.reply();
        String status = reply.enhancedStatus().map(Object::toString)
                .orElse(reply.isPositive() ? "2.0.0" : reply.isPermanentNegative() ? "5.0.0" : "4.0.0");
        String text = reply.code() + " " + reply.text();
        return switch (r.status()) {
            case DELIVERED -> new RecipientOutcome(r.address(), Status.DELIVERED, status, text, Fault.NONE, Optional.of(used));
            case TEMPORARY_FAILURE -> new RecipientOutcome(r.address(), Status.DEFERRED, status, text, Fault.REMOTE_SITE,
                    Optional.of(used));
            case PERMANENT_FAILURE -> new RecipientOutcome(r.address(), Status.BOUNCED, status, text, Fault.REMOTE_SITE,
                    Optional.of(used));
        };
    }

    /** Verdict - one outcome for every recipient of the domain (no route settled them individually). */
    record Verdict(Status status, String enhancedStatus, String reason, Fault fault) {
    }

    private static Verdict unroutable(MxResult mx) {
        if (mx instanceof MxResult.NullMx n) {
            return new Verdict(Status.BOUNCED, MxResult.NullMx.ENHANCED_STATUS,
                    n.domain().toString(true) + " accepts no mail (null MX, RFC 7505)", Fault.REMOTE_SITE);
        }
        if (mx instanceof MxResult.NoSuchDomain n) {
            return new Verdict(Status.BOUNCED, MxResult.NoSuchDomain.ENHANCED_STATUS, n.reason(), Fault.REMOTE_SITE);
        }
        if (mx instanceof MxResult.Deferred d) {
            return new Verdict(Status.DEFERRED, d.enhancedStatus(), "MX lookup failed: " + d.reason(),
                    d.security() == io.mxguard.dns.Security.BOGUS ? Fault.REMOTE_SITE : Fault.NETWORK);
        }
        throw new IllegalArgumentException("routable: " + mx);
    }

    private static Verdict notPlanned(RoutePlan.Verdict verdict) {
        if (verdict instanceof RoutePlan.Verdict.Defer d) {
            return new Verdict(Status.DEFERRED, d.enhancedStatus(), d.reason(),
                    d.enhancedStatus().equals("4.7.5") ? Fault.LOCAL_POLICY : Fault.NETWORK);
        }
        if (verdict instanceof RoutePlan.Verdict.Bounce b) {
            return new Verdict(Status.BOUNCED, b.enhancedStatus(), b.reason(), Fault.REMOTE_SITE);
        }
        throw new IllegalArgumentException("deliverable: " + verdict);
    }

    private static DeliveryReport everyone(Name domain, Envelope envelope, Verdict v, List<String> skipped) {
        List<RecipientOutcome> outcomes = envelope.recipients().stream()
                .map(r -> new RecipientOutcome(r, v.status(), v.enhancedStatus(), v.reason(), v.fault(), Optional.empty()))
                .toList();
        return new DeliveryReport(domain, outcomes, skipped);
    }

    /** RouteFailures - the routes that failed in this attempt, and the deferral they add up to. */
    private static final class RouteFailures {
        private final List<String> lines = new ArrayList<>();
        private final List<SmtpFailure> failures = new ArrayList<>();
        private boolean authentication;
        private String lastStatus = "4.4.1";

        void add(Name host, InetSocketAddress to, SmtpFailure f, boolean auth, String reason) {
            lines.add(host.toString(true) + "[" + to.getAddress().getHostAddress() + "]:" + to.getPort() + ": " + reason);
            failures.add(f);
            authentication |= auth;
            lastStatus = auth ? "4.7.5" : f.status().toString();
        }

        String lastStatus() {
            return lastStatus;
        }

        List<String> appendTo(List<String> skipped) {
            List<String> all = new ArrayList<>(skipped);
            all.addAll(lines);
            return all;
        }

        /**
         * verdict - when no route settled the mail: defer (4.7.5 if any failure was a TLS or
         * authentication failure, DESIGN §5: never bounce for that); bounce only if every route
         * refused permanently.
         */
        Verdict verdict() {
            String reason = lines.isEmpty() ? "no route could be tried" : String.join("; ", lines);
            if (authentication) {
                return new Verdict(Status.DEFERRED, "4.7.5", reason, Fault.REMOTE_SITE);
            }
            boolean allPermanent = !failures.isEmpty() && failures.stream().allMatch(SmtpFailure::permanent);
            if (allPermanent) {
                return new Verdict(Status.BOUNCED, failures.get(failures.size() - 1).status().toString(), reason,
                        Fault.REMOTE_SITE);
            }
            return new Verdict(Status.DEFERRED, lastStatus, reason, Fault.NETWORK);
        }
    }
}
