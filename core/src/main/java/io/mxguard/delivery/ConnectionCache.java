package io.mxguard.delivery;

import io.mxguard.policy.TlsRequirement;
import io.mxguard.smtp.client.SmtpSession;
import java.net.InetSocketAddress;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.xbill.DNS.Name;

/**
 * ConnectionCache - SMTP sessions kept open after a successful transaction, so that the next message
 * to the same next-hop domain over the same route, under the same TLS policy, skips connect, STARTTLS
 * and verification (as Postfix's {@code smtp_connection_cache_*}).
 *
 * <p><b>Key.</b> A session is filed under its whole {@link Key}: next-hop domain, MX host, the address
 * and port connected to, the route's {@link TlsRequirement} (level, mode with its TLSA records or PKIX
 * names, assurance, reason) and the engine's trust inputs (EHLO name, PKIX roots). A destination whose
 * policy differs in any of these never gets the session: its peer was verified under other rules.
 *
 * <p><b>Bounds.</b> {@link Limits}: idle time, transactions per connection, sessions held. A session is
 * only offered after a transaction that completed, when {@link SmtpSession#reusable()} (no failure, no
 * 421); anything else is QUIT by the caller. Expired sessions are QUIT by a daemon sweeper.
 *
 * <p><b>Use.</b> {@link #take} hands a session to one caller exclusively; the caller checks it is alive
 * (RSET) and offers it back, or QUITs it. {@link #disabled()} keeps nothing. Thread-safe; network I/O
 * (QUIT) happens outside the lock. {@link #close()} QUITs every idle session.
 */
public final class ConnectionCache implements AutoCloseable {
    private static final ConnectionCache DISABLED = new ConnectionCache(null, Clock.systemUTC(), false);

    /**
     * Limits - how much reuse one cache allows.
     *
     * @param idleTimeout              a session idle longer is QUIT (Postfix: smtp_connection_cache_time_limit)
     * @param maxMessagesPerConnection transactions on one connection before it is QUIT
     *                                 (smtp_connection_reuse_count_limit)
     * @param maxConnections           idle sessions held at once, over all keys; an offer beyond is refused
     */
    public record Limits(Duration idleTimeout, int maxMessagesPerConnection, int maxConnections) {
        public Limits {
            Objects.requireNonNull(idleTimeout, "idleTimeout");
            if (idleTimeout.isNegative() || idleTimeout.isZero() || maxMessagesPerConnection < 1 || maxConnections < 1) {
                throw new IllegalArgumentException("limits must be positive");
            }
        }

        /** defaults - 5 s idle, 100 messages per connection, 16 idle connections. */
        public static Limits defaults() {
            return new Limits(Duration.ofSeconds(5), 100, 16);
        }
    }

    /**
     * Key - the identity a kept session must match exactly to carry another transaction.
     *
     * @param nextHop     the recipient domain the MX came from
     * @param mxHost      the MX host name the route was planned for
     * @param address     where the session is connected (after the endpoint mapping)
     * @param requirement the route's TLS requirement: level, mode (TLSA records, reference names), assurance
     * @param heloName    our EHLO name on the session
     * @param pkixRoots   the roots a PKIX route was verified against (empty: the JDK's)
     */
    record Key(Name nextHop, Name mxHost, InetSocketAddress address, TlsRequirement requirement, String heloName,
               List<X509Certificate> pkixRoots) {
        Key {
            Objects.requireNonNull(nextHop);
            Objects.requireNonNull(mxHost);
            Objects.requireNonNull(address);
            Objects.requireNonNull(requirement);
            Objects.requireNonNull(heloName);
            pkixRoots = List.copyOf(pkixRoots);
        }

        static Key of(Name nextHop, Name mxHost, InetSocketAddress address, TlsRequirement requirement,
                      DeliveryOptions options) {
            return new Key(nextHop, mxHost, address, requirement, options.heloName(), options.pkixRoots());
        }
    }

    /** Idle - a kept session and the TLS outcome its handshake achieved (what its transactions report). */
    record Idle(SmtpSession session, TlsOutcome tls, long sinceMillis) {
    }

    private final Limits limits;
    private final Clock clock;
    private final boolean enabled;
    private final Map<Key, Deque<Idle>> idle = new HashMap<>();
    private final ScheduledExecutorService sweeper;
    private int count;
    private boolean closed;

    private ConnectionCache(Limits limits, Clock clock, boolean enabled) {
        this.limits = limits;
        this.clock = clock;
        this.enabled = enabled;
        if (!enabled) {
            this.sweeper = null;
            return;
        }
        this.sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "mxguard-connection-cache");
            t.setDaemon(true);
            return t;
        });
        long every = Math.max(100, limits.idleTimeout().toMillis() / 2);
        sweeper.scheduleWithFixedDelay(() -> quitAll(expired()), every, every, TimeUnit.MILLISECONDS);
    }

    /** reusing - a cache with these limits; the caller closes it. */
    public static ConnectionCache reusing(Limits limits) {
        return reusing(limits, Clock.systemUTC());
    }

    /** reusing - with an injected clock for idle times (tests). */
    public static ConnectionCache reusing(Limits limits, Clock clock) {
        return new ConnectionCache(Objects.requireNonNull(limits, "limits"), Objects.requireNonNull(clock, "clock"),
                true);
    }

    /** disabled - connection reuse off: nothing is kept, every delivery connects afresh. */
    public static ConnectionCache disabled() {
        return DISABLED;
    }

    public boolean enabled() {
        return enabled;
    }

    /** idleSessions - how many sessions wait in the cache now. */
    public synchronized int idleSessions() {
        return count;
    }

    /** take - a kept session for exactly this key, most recently used first; the caller owns it now. */
    Optional<Idle> take(Key key) {
        if (!enabled) {
            return Optional.empty();
        }
        List<SmtpSession> stale;
        Optional<Idle> found = Optional.empty();
        synchronized (this) {
            stale = expired();
            Deque<Idle> waiting = idle.get(key);
            if (waiting != null && !waiting.isEmpty()) {
                found = Optional.of(waiting.pollLast());
                count--;
                if (waiting.isEmpty()) {
                    idle.remove(key);
                }
            }
        }
        quitLater(stale);
        return found;
    }

    /**
     * offer - keep {@code session} for the next transaction under {@code key}; false when it may not be
     * kept (not reusable, used up, cache full or closed): then the caller QUITs it.
     */
    boolean offer(Key key, SmtpSession session, TlsOutcome tls) {
        if (!enabled || !session.reusable() || session.transactions() >= limits.maxMessagesPerConnection()) {
            return false;
        }
        List<SmtpSession> stale;
        boolean kept = false;
        synchronized (this) {
            stale = expired();
            if (!closed && count < limits.maxConnections()) {
                idle.computeIfAbsent(key, k -> new ArrayDeque<>()).addLast(new Idle(session, tls, clock.millis()));
                count++;
                kept = true;
            }
        }
        quitLater(stale);
        return kept;
    }

    /** close - QUIT every idle session and keep nothing more. */
    @Override
    public void close() {
        if (!enabled) {
            return;
        }
        List<SmtpSession> all = new ArrayList<>();
        synchronized (this) {
            closed = true;
            idle.values().forEach(d -> d.forEach(i -> all.add(i.session())));
            idle.clear();
            count = 0;
        }
        sweeper.shutdownNow();
        quitAll(all);
    }

    /** expired - remove and return the sessions idle longer than the limit. */
    private synchronized List<SmtpSession> expired() {
        long oldest = clock.millis() - limits.idleTimeout().toMillis();
        List<SmtpSession> out = new ArrayList<>();
        for (Iterator<Deque<Idle>> it = idle.values().iterator(); it.hasNext(); ) {
            Deque<Idle> d = it.next();
            while (!d.isEmpty() && d.peekFirst().sinceMillis() < oldest) {
                out.add(d.pollFirst().session());
                count--;
            }
            if (d.isEmpty()) {
                it.remove();
            }
        }
        return out;
    }

    /** quitLater - QUIT on the sweeper's thread: a silent server must not hold up a delivery for the QUIT timeout. */
    private void quitLater(List<SmtpSession> sessions) {
        if (!sessions.isEmpty()) {
            try {
                sweeper.execute(() -> quitAll(sessions));
            } catch (java.util.concurrent.RejectedExecutionException e) {
                quitAll(sessions); // closed meanwhile
            }
        }
    }

    private static void quitAll(List<SmtpSession> sessions) {
        sessions.forEach(SmtpSession::quit);
    }
}
