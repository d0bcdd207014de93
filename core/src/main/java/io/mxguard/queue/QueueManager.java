package io.mxguard.queue;

import io.mxguard.delivery.DeliveryReport;
import io.mxguard.delivery.RecipientOutcome;
import io.mxguard.smtp.DsnNotify;
import io.mxguard.smtp.client.Envelope;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.Name;
import org.xbill.DNS.TextParseException;

/**
 * QueueManager - the scheduler (Postfix's qmgr): takes messages from {@code incoming} and due ones
 * from {@code deferred}, moves each to {@code active}, groups its open recipients by domain, calls
 * {@link DomainDelivery} per domain (at most {@code perDestination} at once per domain, at most
 * {@code threads} in all; an attempt waiting for its domain's slot holds no thread, so a busy or hanging
 * domain never holds up the others), records each recipient's outcome, sends DSNs, then deletes the file
 * (every recipient final) or moves it to {@code deferred} with the next attempt time.
 *
 * <p>{@link #start} first runs {@link #recover}: a file left in {@code active} by a crash goes back to
 * {@code incoming} (due now). A file that does not parse goes to {@code corrupt}; the rest go on.
 */
public final class QueueManager implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(QueueManager.class);

    private final Spool spool;
    private final DomainDelivery delivery;
    private volatile AttemptListener attempts = (id, arrival, domain, report, expired) -> { };
    private final QueueConfig config;
    private final Clock clock;
    private final ExecutorService pool;
    private final DestinationSlots<Name> perDestination;
    private final Map<String, Instant> deferredDue = new ConcurrentHashMap<>();
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
    private final Object wake = new Object();
    private boolean woken; // guarded by wake: an arrival or flush since the last run started
    private volatile boolean running;
    private Thread loop;

    /**
     * AttemptListener - told of each delivery attempt once the message's pass is settled (every domain tried),
     * with the message's queue id and arrival (for log lines). {@code expired} names (lower-case) the report's
     * recipients this attempt deferred past the queue lifetime: the report shows them bounced, with the expiry
     * as the reason.
     */
    @FunctionalInterface
    public interface AttemptListener {
        void attempted(String queueId, java.time.Instant arrival, Name domain, DeliveryReport report,
                       Set<String> expired);
    }

    /** onAttempt - set the listener told after each attempt (one at a time; the relay's delivery log). */
    public void onAttempt(AttemptListener listener) {
        this.attempts = java.util.Objects.requireNonNull(listener);
    }

    public QueueManager(Spool spool, DomainDelivery delivery, QueueConfig config, Clock clock) {
        this.spool = spool;
        this.delivery = delivery;
        this.config = config;
        this.clock = clock;
        this.pool = Executors.newFixedThreadPool(config.threads(), r -> {
            Thread t = new Thread(r, "mxguard-queue-delivery");
            t.setDaemon(true);
            return t;
        });
        this.perDestination = new DestinationSlots<>(config.perDestination(), pool);
        spool.onArrival(this::wake);
    }

    /** start - recover, then run the scheduler in the background until {@link #close}. */
    public synchronized void start() throws IOException {
        recover();
        running = true;
        loop = new Thread(this::schedule, "mxguard-queue-scheduler");
        loop.setDaemon(true);
        loop.start();
    }

    /** recover - after a crash: every {@code active} file becomes due now (moved back to {@code incoming}). */
    public void recover() throws IOException {
        for (String id : spool.list(QueueState.ACTIVE)) {
            if (!inFlight.contains(id) && spool.move(id, QueueState.ACTIVE, QueueState.INCOMING)) {
                LOG.info("queue: {} was active at shutdown; retrying now", id);
            }
        }
    }

    /** flush - every deferred message is due now. */
    public void flush() throws IOException {
        for (String id : spool.list(QueueState.DEFERRED)) {
            deferredDue.put(id, Instant.MIN);
        }
        wake();
    }

    /** runDue - start every message that is due and not already being delivered; completes when they are done. */
    public CompletableFuture<Void> runDue() {
        List<CompletableFuture<Void>> started = new ArrayList<>();
        try {
            for (String id : spool.list(QueueState.INCOMING)) {
                launch(id, QueueState.INCOMING).ifPresent(started::add);
            }
            Instant now = clock.instant();
            List<String> deferred = spool.list(QueueState.DEFERRED);
            deferredDue.keySet().retainAll(Set.copyOf(deferred));
            for (String id : deferred) {
                Instant due = deferredDue.get(id);
                if (due == null) {
                    Optional<QueuedMessage> m = spool.load(QueueState.DEFERRED, id);
                    if (m.isEmpty()) {
                        continue;
                    }
                    due = m.get().nextAttempt();
                    deferredDue.put(id, due);
                }
                if (!due.isAfter(now)) {
                    launch(id, QueueState.DEFERRED).ifPresent(started::add);
                }
            }
        } catch (IOException e) {
            LOG.error("queue: cannot scan {}: {}", spool.root(), e.toString());
        }
        return CompletableFuture.allOf(started.toArray(CompletableFuture[]::new));
    }

    @Override
    public void close() {
        running = false;
        wake();
        if (loop != null) {
            try {
                loop.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        pool.shutdown();
        try {
            pool.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void wake() {
        synchronized (wake) {
            woken = true;
            wake.notifyAll();
        }
    }

    /** schedule - run what is due, then sleep until woken or a second has passed; a wake-up during a run is kept. */
    private void schedule() {
        while (running) {
            synchronized (wake) {
                woken = false;
            }
            runDue();
            synchronized (wake) {
                try {
                    if (!woken) {
                        wake.wait(1000);
                    }
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    private Optional<CompletableFuture<Void>> launch(String id, QueueState from) {
        if (!inFlight.add(id)) {
            return Optional.empty();
        }
        CompletableFuture<Void> f = CompletableFuture.supplyAsync(() -> claim(id, from), pool)
                .thenCompose(m -> m.map(this::deliver).orElse(CompletableFuture.completedFuture(null)))
                .whenComplete((v, e) -> {
                    inFlight.remove(id);
                    if (e != null) {
                        // the file stays where it is (active at worst) and is retried after recovery
                        LOG.error("queue: {} failed in the scheduler: {}", id, e.toString());
                    }
                });
        return Optional.of(f.exceptionally(e -> null));
    }

    /** claim - move to active and read; empty if an admin moved or deleted it meanwhile, or it is corrupt. */
    private Optional<QueuedMessage> claim(String id, QueueState from) {
        try {
            deferredDue.remove(id);
            if (!spool.move(id, from, QueueState.ACTIVE)) {
                return Optional.empty();
            }
            return spool.load(QueueState.ACTIVE, id);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** deliver - one attempt per domain of the open recipients, then record what happened. */
    private CompletableFuture<Void> deliver(QueuedMessage m) {
        Map<String, List<RecipientState>> byDomain = new LinkedHashMap<>();
        for (RecipientState r : m.recipients()) {
            if (!r.status().isFinal()) {
                byDomain.computeIfAbsent(domainOf(r.address()), d -> new ArrayList<>()).add(r);
            }
        }
        Map<String, RecipientOutcome> outcomes = new ConcurrentHashMap<>();
        List<DeliveryReport> reports = Collections.synchronizedList(new ArrayList<>());
        List<CompletableFuture<Void>> attempts = new ArrayList<>();
        for (Map.Entry<String, List<RecipientState>> e : byDomain.entrySet()) {
            attempts.add(attempt(e.getKey(), m, e.getValue()).thenAccept(a -> {
                outcomes.putAll(a.outcomes());
                a.report().ifPresent(reports::add);
            }));
        }
        // Recorded by the thread that finished the last attempt, at once: queued behind the backlog's attempts,
        // a message the remote already accepted would stay in active, and be sent again after a crash.
        return CompletableFuture.allOf(attempts.toArray(CompletableFuture[]::new))
                .thenRun(() -> record(m, outcomes, reports));
    }

    /** Attempted - one domain's outcomes, and the delivery report they came from (none when nothing was tried). */
    private record Attempted(Map<String, RecipientOutcome> outcomes, Optional<DeliveryReport> report) {
        static Attempted untried(Map<String, RecipientOutcome> outcomes) {
            return new Attempted(outcomes, Optional.empty());
        }
    }

    /**
     * attempt - one domain's recipients: settled at once when they cannot be tried (bad domain, REQUIRETLS),
     * else delivered on a pool thread once the domain has a free slot ({@link DestinationSlots}: a message
     * waiting for a busy domain holds no thread, so other domains go on).
     */
    private CompletableFuture<Attempted> attempt(String domain, QueuedMessage m, List<RecipientState> rcpts) {
        List<String> addresses = rcpts.stream().map(RecipientState::address).toList();
        Name name;
        try {
            name = Name.fromString(domain.endsWith(".") ? domain : domain + ".");
        } catch (TextParseException e) {
            return CompletableFuture.completedFuture(Attempted.untried(all(addresses, RecipientOutcome.Status.BOUNCED,
                    "5.1.3", "bad recipient address syntax")));
        }
        if (m.envelope().requireTls()) {
            // RFC 8689 §5: a REQUIRETLS message must not be relayed where TLS requirements cannot be met. The
            // delivery side does not honour REQUIRETLS yet (it comes with MTA-STS), so refuse, never downgrade.
            return CompletableFuture.completedFuture(Attempted.untried(all(addresses, RecipientOutcome.Status.BOUNCED,
                    "5.7.30", "REQUIRETLS was requested (RFC 8689), and this relay cannot yet enforce it on delivery: "
                            + "refused rather than delivered without it")));
        }
        return perDestination.submit(name, () -> deliverTo(name, m, rcpts, addresses));
    }

    private Attempted deliverTo(Name name, QueuedMessage m, List<RecipientState> rcpts, List<String> addresses) {
        try {
            Envelope envelope = RelayEnvelope.of(m.envelope(), rcpts.stream().map(RecipientState::recipient).toList());
            DeliveryReport report = delivery.attempt(name, envelope, m.content());
            Map<String, RecipientOutcome> out = new HashMap<>();
            for (RecipientOutcome o : report.recipients()) {
                out.put(o.recipient().toLowerCase(Locale.ROOT), o);
            }
            return new Attempted(out, Optional.of(report));
        } catch (RuntimeException e) {
            // unknown errors are temporary (STYLE habit 4)
            LOG.warn("queue: {} to {} threw {}", m.id(), name, e.toString());
            return Attempted.untried(all(addresses, RecipientOutcome.Status.DEFERRED, "4.0.0", "internal error: " + e));
        }
    }

    private void record(QueuedMessage m, Map<String, RecipientOutcome> outcomes, List<DeliveryReport> reports) {
        try {
            Outcome o = Outcomes.apply(m, outcomes, config, clock.instant());
            reports.forEach(r -> tell(m, expiredAsBounced(r, o), o.expired()));
            if (!o.dsn().isEmpty() && !m.envelope().sender().isEmpty()) { // never bounce a bounce
                // RFC 3461 §6.1: a DSN is relayed without RET, and with NOTIFY=NEVER if with NOTIFY at all
                QueueEnvelope dsnEnvelope = new QueueEnvelope("", List.of(new QueueEnvelope.Recipient(
                        m.envelope().sender(), Set.of(DsnNotify.NEVER), Optional.empty())),
                        Optional.empty(), QueueEnvelope.Ret.DEFAULT, false, "mxguard queue");
                String dsnId = spool.enqueue(dsnEnvelope,
                        DeliveryStatusNotification.build(m, o.dsn(), config, clock.instant(), m.id() + ".dsn"));
                LOG.info("queue: {} DSN {} to <{}>", m.id(), dsnId, m.envelope().sender());
            }
            if (o.message().isDone()) {
                spool.delete(m.id(), QueueState.ACTIVE);
                LOG.info("queue: {} done, removed", m.id());
            } else {
                spool.rewrite(o.message(), QueueState.ACTIVE);
                spool.move(m.id(), QueueState.ACTIVE, QueueState.DEFERRED);
                deferredDue.put(m.id(), o.message().nextAttempt());
                LOG.info("queue: {} deferred until {}", m.id(), o.message().nextAttempt());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, RecipientOutcome> all(List<String> addresses, RecipientOutcome.Status status,
                                                     String code, String reason) {
        Map<String, RecipientOutcome> out = new HashMap<>();
        for (String a : addresses) {
            out.put(a.toLowerCase(Locale.ROOT), new RecipientOutcome(a, status, code, reason,
                    RecipientOutcome.Fault.NONE, Optional.empty()));
        }
        return out;
    }

    static String domainOf(String address) {
        int at = address.lastIndexOf('@');
        return at < 0 ? "" : address.substring(at + 1).toLowerCase(Locale.ROOT);
    }

    /** tell - the attempt listener; what it throws is logged, never in the way of recording the outcome. */
    private void tell(QueuedMessage m, DeliveryReport report, Set<String> expired) {
        try {
            attempts.attempted(m.id(), m.arrival(), report.domain(), report, expired);
        } catch (RuntimeException e) {
            LOG.warn("queue: {} attempt listener threw {}", m.id(), e.toString());
        }
    }

    /**
     * expiredAsBounced - {@code report} as the queue settled it: a recipient the attempt deferred past the queue
     * lifetime is bounced, for the expiry reason its DSN gives.
     */
    private static DeliveryReport expiredAsBounced(DeliveryReport report, Outcome o) {
        if (o.expired().isEmpty()) {
            return report;
        }
        Map<String, RecipientState> states = new HashMap<>();
        o.message().recipients().forEach(r -> states.put(r.address().toLowerCase(Locale.ROOT), r));
        List<RecipientOutcome> settled = report.recipients().stream().map(r -> {
            RecipientState state = states.get(r.recipient().toLowerCase(Locale.ROOT));
            return state == null || !o.expired().contains(r.recipient().toLowerCase(Locale.ROOT)) ? r
                    : new RecipientOutcome(r.recipient(), RecipientOutcome.Status.BOUNCED, r.enhancedStatus(),
                            state.reason(), r.fault(), r.route());
        }).toList();
        return new DeliveryReport(report.domain(), settled, report.skipped());
    }

    /**
     * Outcome - the message with its new state, the DSN entries this pass produced, and the recipients (lower-case)
     * it bounced because their queue lifetime ended.
     */
    record Outcome(QueuedMessage message, List<DeliveryStatusNotification.Entry> dsn, Set<String> expired) {
        Outcome {
            dsn = List.copyOf(dsn);
            expired = Set.copyOf(expired);
        }
    }
}
