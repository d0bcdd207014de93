package io.mxguard.lab.scenario;

import io.mxguard.delivery.DeliveryEvent;
import io.mxguard.delivery.DeliveryReport;
import io.mxguard.delivery.RecipientOutcome;
import io.mxguard.lab.dns.DnsQueryEvent;
import io.mxguard.lab.sender.LabMessage;
import io.mxguard.lab.sender.LabSenders;
import io.mxguard.lab.sender.SenderMode;
import io.mxguard.lab.smtp.LabFault;
import io.mxguard.lab.world.LabWorld;
import io.mxguard.lab.world.TlsaPublication;
import io.mxguard.pki.CertificateSpec;
import io.mxguard.pki.Certificates;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * AttackMatrix - runs Alice's message in every chosen sender mode against every chosen attack, on
 * lab worlds on loopback, and judges each cell from the servers' own records: the attacker read it
 * (its MX stored it, or the on-path stripper saw it in plaintext) → intercepted; else Bob's MX
 * has it → delivered; else deferred, with the reason the sender gave. One world per kind of
 * destination ({@link Attack.World}); every world is closed at the end, also on failure.
 */
public final class AttackMatrix {
    private static final Duration FORWARD_WAIT = Duration.ofSeconds(5);

    /** Listener - told when a world is up (to say who is where) and when each cell is done. */
    public interface Listener {
        default void worldStarted(Attack.World kind, LabWorld world) {
        }

        default void cellDone(Cell cell) {
        }
    }

    private final Listener listener;

    public AttackMatrix(Listener listener) {
        this.listener = listener;
    }

    /** run - every (attack, mode) cell, attacks in order, modes in order. */
    public Matrix run(List<Attack> attacks, List<SenderMode> modes) throws IOException, InterruptedException {
        Instant start = Instant.now();
        Map<Attack.World, List<Attack>> byWorld = new LinkedHashMap<>();
        attacks.forEach(a -> byWorld.computeIfAbsent(a.world(), w -> new ArrayList<>()).add(a));
        Map<String, Cell> cells = new LinkedHashMap<>();
        for (Map.Entry<Attack.World, List<Attack>> group : byWorld.entrySet()) {
            try (LabWorld world = LabWorld.start(options(group.getKey()))) {
                listener.worldStarted(group.getKey(), world);
                for (Attack attack : group.getValue()) {
                    for (SenderMode mode : modes) {
                        cells.put(attack.id() + "/" + mode.id(), runCell(world, attack, mode));
                    }
                }
            }
        }
        List<Cell> ordered = new ArrayList<>();
        for (Attack a : attacks) {
            for (SenderMode m : modes) {
                ordered.add(cells.get(a.id() + "/" + m.id()));
            }
        }
        return new Matrix(attacks.stream().map(a -> new Matrix.Axis(a.id(), a.description())).toList(),
                modes.stream().map(m -> new Matrix.Axis(m.id(), m.description())).toList(), ordered,
                Duration.between(start, Instant.now()));
    }

    /** options - the lab world an attack's kind of destination needs. */
    public static LabWorld.Options options(Attack.World kind) {
        return switch (kind) {
            case DANE -> LabWorld.Options.defaults();
            case NO_TLSA -> LabWorld.Options.defaults().withTlsa(TlsaPublication.NONE);
            case UNSIGNED -> LabWorld.Options.defaults().withTlsa(TlsaPublication.NONE).withUnsignedDestination();
        };
    }

    /** runCell - set the attack up, send once in {@code mode}, read the servers' records, undo the attack. */
    private Cell runCell(LabWorld world, Attack attack, SenderMode mode) throws InterruptedException {
        Trail trail = new Trail(world);
        Runnable unsubscribe = world.dns().onQuery(trail::dns);
        int attackerForwardsBefore = world.attackerMx().forwarded().size();
        int attackerMessagesBefore = world.attackerMx().messages().size();
        try (Staged staged = stage(world, attack)) {
            InetSocketAddress resolver = staged.resolver();
            trail.resolver(resolver);
            LabSenders.Sent sent = new LabSenders(world).send(mode, resolver, trail::delivery);
            boolean attackerStored = world.attackerMx().messages().stream().skip(attackerMessagesBefore)
                    .anyMatch(m -> LabMessage.carries(m.data(), sent.marker()));
            if (attackerStored) {
                world.attackerMx().awaitForwarded(attackerForwardsBefore + 1, FORWARD_WAIT);
            }
            boolean strippedRead = world.stripper().readMessages().stream()
                    .anyMatch(m -> LabMessage.carries(m.data(), sent.marker()));
            boolean bobHas = world.bobMx().messages().stream().anyMatch(m -> LabMessage.carries(m.data(), sent.marker()));
            trail.servers(sent.marker(), attackerStored, strippedRead, bobHas);
            Outcome actual = attackerStored || strippedRead ? Outcome.intercepted()
                    : bobHas ? Outcome.delivered() : Outcome.deferred(deferralReason(sent.report(), trail));
            Expectations.Expected expected = Expectations.of(attack, mode);
            String story = Stories.story(attack, mode, sent.report(), actual, attackerStored, strippedRead, bobHas, world);
            trail.verdict(actual.word());
            Cell cell = new Cell(attack.id(), mode.id(), expected.outcome(), actual, expected.why(), story, trail.events());
            listener.cellDone(cell);
            return cell;
        } finally {
            unsubscribe.run();
        }
    }

    /**
     * Staged - an attack set up in a world: the resolver Alice must ask (the hijacker when the attack lies
     * in the DNS, else the honest one); {@link #close()} makes the world honest again.
     */
    public record Staged(LabWorld world, InetSocketAddress resolver) implements AutoCloseable {
        @Override
        public void close() {
            world.dns().hijack(List.of());
            world.attackerMx().faults();
            world.onPath(false);
        }
    }

    /**
     * stage - set {@code attack} up in {@code world} (a world of {@link #options options(attack.world())}):
     * the resolver's lies, the attacker's certificate, the on-path stripper. Also for senders outside the
     * matrix, e.g. a real Postfix whose resolver's stub zones point at {@link Staged#resolver()}.
     */
    public static Staged stage(LabWorld world, Attack attack) {
        world.dns().hijack(attack.rules(world.addresses()));
        world.attackerMx().faults(attackerCertificate(world, attack));
        world.onPath(attack.onPath());
        return new Staged(world, attack.rules(world.addresses()).isEmpty() ? world.dns().honestResolver()
                : world.dns().hijackingResolver());
    }

    private static LabFault[] attackerCertificate(LabWorld world, Attack attack) {
        if (attack.attackerCert() == Attack.AttackerCert.PUBLIC_CA) {
            return new LabFault[0]; // the world's attacker already holds a public-CA certificate
        }
        Instant now = world.options().clock().instant();
        var selfSigned = Certificates.issue(CertificateSpec.server(now.minus(Duration.ofHours(1)),
                now.plus(Duration.ofDays(7)), "mx.attacker.net"), null);
        return new LabFault[] {new LabFault.TlsCertificate(selfSigned)};
    }

    /** deferralReason - dnssec, starttls, auth or other, from what the sender reported. */
    static String deferralReason(DeliveryReport report, Trail trail) {
        String text = String.join(" ", report.skipped()) + " "
                + report.recipients().stream().map(RecipientOutcome::reason).reduce("", String::concat);
        if (trail.sawStartTlsMissing()) {
            return "starttls";
        }
        if (text.contains("DANE ") || text.contains("PKIX ") || text.contains("TLS handshake")) {
            return "auth";
        }
        if (text.contains("MX lookup failed") || text.contains("DNSSEC") || text.contains("BOGUS")
                || text.contains("TLSA lookup") || text.contains("lookup failed")) {
            return "dnssec";
        }
        return "other";
    }

    /** Trail - collects one cell's events from the DNS servers, the delivery engine and the MX servers. */
    static final class Trail {
        private final LabWorld world;
        private final List<TrailEvent> events = new CopyOnWriteArrayList<>();
        private final Instant start = Instant.now();
        private volatile InetSocketAddress resolver;
        private volatile boolean startTlsMissing;

        Trail(LabWorld world) {
            this.world = world;
        }

        void resolver(InetSocketAddress r) {
            this.resolver = r;
        }

        void dns(DnsQueryEvent e) {
            InetSocketAddress r = resolver;
            // Only the server Alice asks; the hijacker's own upstream queries are the attacker's business.
            boolean alices = r != null && e.server().equals(r.equals(world.dns().hijackingResolver()) ? "hijacker"
                    : "authoritative");
            if (!alices || e.qname().isEmpty()) {
                return;
            }
            String q = e.qname().get().toString(true) + " " + org.xbill.DNS.Type.string(e.qtype());
            Instant now = Instant.now();
            TrailEvent.Actor dns = r.equals(world.dns().hijackingResolver()) ? TrailEvent.Actor.ATTACKER_RESOLVER
                    : TrailEvent.Actor.RESOLVER;
            events.add(new TrailEvent(now, TrailEvent.Actor.ALICE, dns, TrailEvent.Kind.DNS_QUERY, q + "?"));
            String lies = e.actions().stream().filter(a -> !a.startsWith("forwarded")).reduce((a, b) -> a + "; " + b)
                    .orElse("");
            events.add(new TrailEvent(now.plusNanos(1000), dns, TrailEvent.Actor.ALICE,
                    TrailEvent.Kind.DNS_ANSWER, org.xbill.DNS.Rcode.string(e.rcode())
                    + (lies.isEmpty() ? "" : " [" + lies + "]")));
        }

        void delivery(DeliveryEvent e) {
            Instant now = Instant.now();
            if (e instanceof DeliveryEvent.Connecting c) {
                events.add(new TrailEvent(now, TrailEvent.Actor.ALICE, actorAt(c.address()), TrailEvent.Kind.SMTP,
                        "connect " + c.host().toString(true) + " [" + c.address().getAddress().getHostAddress() + "]"));
            } else if (e instanceof DeliveryEvent.TlsEstablished t) {
                events.add(new TrailEvent(now, TrailEvent.Actor.ALICE, actorAt(t.address()),
                        t.tls().level() == io.mxguard.policy.Assurance.NONE ? TrailEvent.Kind.SMTP : TrailEvent.Kind.TLS,
                        t.tls().describe()));
            } else if (e instanceof DeliveryEvent.RouteFailed f) {
                startTlsMissing |= f.reason().contains("STARTTLS");
                events.add(new TrailEvent(now, TrailEvent.Actor.ALICE, TrailEvent.Actor.ALICE, TrailEvent.Kind.VERDICT,
                        "refused " + f.host().toString(true) + ": " + f.reason()));
            } else if (e instanceof DeliveryEvent.RouteSkipped s) {
                events.add(new TrailEvent(now, TrailEvent.Actor.ALICE, TrailEvent.Actor.ALICE, TrailEvent.Kind.VERDICT,
                        "skip " + s.skip().host().host().toString(true) + ": " + s.skip().reason()));
            } else if (e instanceof DeliveryEvent.RecipientDone d) {
                events.add(new TrailEvent(now, d.outcome().route().map(u -> actorAt(u.address())).orElse(TrailEvent.Actor.ALICE),
                        TrailEvent.Actor.ALICE, TrailEvent.Kind.SMTP, d.outcome().status().name().toLowerCase() + ": "
                        + d.outcome().reason()));
            } else if (e instanceof DeliveryEvent.MxResolved m) {
                events.add(new TrailEvent(now, TrailEvent.Actor.ALICE, TrailEvent.Actor.ALICE, TrailEvent.Kind.VERDICT,
                        mxText(m.result())));
            }
        }

        private static String mxText(io.mxguard.dns.MxResult mx) {
            if (mx instanceof io.mxguard.dns.MxResult.Hosts h) {
                return "MX " + h.domain().toString(true) + " (" + h.security() + "): " + h.hosts().stream()
                        .map(x -> x.preference() + " " + x.host().toString(true)).reduce((a, b) -> a + ", " + b).orElse("");
            }
            if (mx instanceof io.mxguard.dns.MxResult.Deferred d) {
                return "MX " + d.domain().toString(true) + " (" + d.security() + "): lookup failed, defer";
            }
            return "MX " + mx.domain().toString(true) + ": " + mx.getClass().getSimpleName();
        }

        /** servers - what the servers' own records show: who stored or read the message, and the forward. */
        void servers(String marker, boolean attackerStored, boolean strippedRead, boolean bobHas) {
            Instant now = Instant.now();
            if (strippedRead) {
                events.add(new TrailEvent(now, TrailEvent.Actor.STRIPPER, TrailEvent.Actor.STRIPPER, TrailEvent.Kind.READ,
                        "read the plaintext: 'Subject: Quarterly numbers'"));
            }
            if (attackerStored) {
                events.add(new TrailEvent(now, TrailEvent.Actor.ATTACKER_MX, TrailEvent.Actor.ATTACKER_MX,
                        TrailEvent.Kind.READ, "read 'Subject: Quarterly numbers'"));
                boolean forwarded = world.attackerMx().forwarded().stream()
                        .anyMatch(f -> LabMessage.carries(f.message().data(), marker) && f.delivered());
                if (forwarded) {
                    events.add(new TrailEvent(now.plusNanos(1000), TrailEvent.Actor.ATTACKER_MX, TrailEvent.Actor.BOB_MX,
                            TrailEvent.Kind.FORWARD, "forwards it to Bob, who sees nothing wrong"));
                }
            }
            if (bobHas && !attackerStored) {
                events.add(new TrailEvent(now.plusNanos(2000), TrailEvent.Actor.BOB_MX, TrailEvent.Actor.BOB_MX,
                        TrailEvent.Kind.VERDICT, "Bob's MX stored it"));
            }
        }

        void verdict(String word) {
            events.add(new TrailEvent(Instant.now().plusNanos(3000), TrailEvent.Actor.ALICE, TrailEvent.Actor.ALICE,
                    TrailEvent.Kind.VERDICT, word));
        }

        boolean sawStartTlsMissing() {
            return startTlsMissing;
        }

        List<TrailEvent> events() {
            List<TrailEvent> sorted = new ArrayList<>(events);
            sorted.sort(java.util.Comparator.comparing(TrailEvent::at));
            return sorted;
        }

        private TrailEvent.Actor actorAt(InetSocketAddress a) {
            if (a.equals(world.stripper().address())) {
                return TrailEvent.Actor.STRIPPER;
            }
            if (a.equals(world.attackerMx().address())) {
                return TrailEvent.Actor.ATTACKER_MX;
            }
            return TrailEvent.Actor.BOB_MX;
        }
    }
}
