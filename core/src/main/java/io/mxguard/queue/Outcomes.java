package io.mxguard.queue;

import io.mxguard.delivery.RecipientOutcome;
import io.mxguard.delivery.RouteUsed;
import io.mxguard.queue.DeliveryStatusNotification.Action;
import io.mxguard.queue.DeliveryStatusNotification.Entry;
import io.mxguard.smtp.DsnNotify;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Outcomes - pure: folds one pass of delivery outcomes into a queued message. New recipient states,
 * queue lifetime (expired deferrals bounce), next attempt (backoff), and which recipients get a DSN
 * under their NOTIFY (RFC 3461 §4.1, §5.2).
 */
final class Outcomes {
    private Outcomes() {
    }

    static QueueManager.Outcome apply(QueuedMessage m, Map<String, RecipientOutcome> outcomes, QueueConfig config,
                                      Instant now) {
        boolean expired = !now.isBefore(m.arrival().plus(config.maxLifetime()));
        boolean delayDue = !m.delayNotified() && !now.isBefore(m.arrival().plus(config.delayWarning()));
        List<RecipientState> states = new ArrayList<>();
        List<Entry> dsn = new ArrayList<>();
        Set<String> expiredNow = new HashSet<>();
        for (RecipientState r : m.recipients()) {
            if (r.status().isFinal()) {
                states.add(r);
                continue;
            }
            RecipientOutcome o = outcomes.get(r.address().toLowerCase(Locale.ROOT));
            RecipientState next = o == null
                    ? new RecipientState(r.recipient(), RecipientState.Status.DEFERRED, "4.0.0",
                            "no outcome reported for this recipient", Optional.of(now))
                    : new RecipientState(r.recipient(), status(o.status()), o.enhancedStatus(), o.reason(),
                            Optional.of(now));
            if (next.status() == RecipientState.Status.DEFERRED && expired) {
                // Postfix keeps the last temporary status in the bounce; the reason says why we gave up
                next = new RecipientState(r.recipient(), RecipientState.Status.BOUNCED, next.enhancedStatus(),
                        "message expired after " + lifetime(config.maxLifetime()) + " in the queue; last error: "
                                + next.reason(), next.lastAttempt());
                expiredNow.add(r.address().toLowerCase(Locale.ROOT));
            }
            states.add(next);
            Set<DsnNotify> notify = r.recipient().notifyOn();
            Optional<String> remoteMta = o == null ? Optional.empty() : o.route().map(u -> u.host().toString(true));
            if (next.status() == RecipientState.Status.BOUNCED && wantsFailure(notify)) {
                dsn.add(new Entry(next, Action.FAILED, remoteMta));
            } else if (next.status() == RecipientState.Status.DELIVERED && notify.contains(DsnNotify.SUCCESS)
                    && !handedOver(o)) {
                // RFC 3461 §5.2.2(b): the next hop does not do DSN, so we say "relayed"; to one that does, the
                // parameters went along and the success report is its to send (§5.2.1). We never deliver locally,
                // so never "delivered" (§5.2.3, RFC 3464 §2.3.3).
                dsn.add(new Entry(next, Action.RELAYED, remoteMta));
            } else if (next.status() == RecipientState.Status.DEFERRED && delayDue && notify.contains(DsnNotify.DELAY)) {
                dsn.add(new Entry(next, Action.DELAYED, remoteMta));
            }
        }
        int attempts = m.attempts() + 1;
        QueuedMessage updated = m.with(states, now.plus(config.backoff(attempts)), attempts,
                m.delayNotified() || delayDue);
        return new QueueManager.Outcome(updated, dsn, expiredNow);
    }

    /** handedOver - whether the server that took the recipient announced DSN and got its parameters. */
    private static boolean handedOver(RecipientOutcome o) {
        return o != null && o.route().map(RouteUsed::dsnPassedOn).orElse(false);
    }

    /**
     * lifetime - a queue lifetime as an admin reads it: whole days as "5 days", anything else in units
     * ("36h", "1h30m", "2s"); whole days alone would call a 36-hour lifetime "1 days" and a short one "0 days".
     */
    static String lifetime(Duration d) {
        long s = d.getSeconds();
        if (s == 0) {
            return d.toMillis() + "ms";
        }
        if (s % 86_400 == 0) {
            return s / 86_400 + (s == 86_400 ? " day" : " days");
        }
        StringBuilder b = new StringBuilder();
        append(b, s / 3600, "h");
        append(b, s % 3600 / 60, "m");
        append(b, s % 60, "s");
        return b.toString();
    }

    private static void append(StringBuilder b, long n, String unit) {
        if (n > 0) {
            b.append(n).append(unit);
        }
    }

    /** RFC 3461 §4.1: no NOTIFY means FAILURE (and DELAY at our choice: we send none); NEVER means none. */
    private static boolean wantsFailure(Set<DsnNotify> notify) {
        return notify.isEmpty() || notify.contains(DsnNotify.FAILURE);
    }

    private static RecipientState.Status status(RecipientOutcome.Status s) {
        return switch (s) {
            case DELIVERED -> RecipientState.Status.DELIVERED;
            case DEFERRED -> RecipientState.Status.DEFERRED;
            case BOUNCED -> RecipientState.Status.BOUNCED;
        };
    }
}
