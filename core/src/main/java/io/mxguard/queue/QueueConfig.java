package io.mxguard.queue;

import java.time.Duration;
import java.util.Objects;

/**
 * QueueConfig - scheduling knobs, Postfix defaults: retry after 5 min doubling up to 4 h
 * ({@code minimal_backoff_time}, {@code maximal_backoff_time}), give up after 5 days
 * ({@code maximal_queue_lifetime}), one delay notice after 4 h to recipients that asked for it
 * (NOTIFY=DELAY), at most 2 attempts at once per destination domain, 4 delivery threads.
 *
 * @param reportingMta our host name, for {@code Reporting-MTA} and the DSN's {@code From}
 */
public record QueueConfig(Duration minBackoff, Duration maxBackoff, Duration maxLifetime, Duration delayWarning,
                          int perDestination, int threads, String reportingMta) {

    public QueueConfig {
        Objects.requireNonNull(minBackoff);
        Objects.requireNonNull(maxBackoff);
        Objects.requireNonNull(maxLifetime);
        Objects.requireNonNull(delayWarning);
        Objects.requireNonNull(reportingMta);
        if (minBackoff.isNegative() || minBackoff.isZero() || maxBackoff.compareTo(minBackoff) < 0) {
            throw new IllegalArgumentException("backoff must be positive and max >= min");
        }
        if (perDestination < 1 || threads < 1) {
            throw new IllegalArgumentException("perDestination and threads must be at least 1");
        }
    }

    public static QueueConfig defaults(String reportingMta) {
        return new QueueConfig(Duration.ofMinutes(5), Duration.ofHours(4), Duration.ofDays(5), Duration.ofHours(4),
                2, 4, reportingMta);
    }

    /** backoff - the wait after the {@code attempts}-th failed attempt: min, doubling, capped at max. */
    public Duration backoff(int attempts) {
        Duration d = minBackoff;
        for (int i = 1; i < attempts && d.compareTo(maxBackoff) < 0; i++) {
            d = d.multipliedBy(2);
        }
        return d.compareTo(maxBackoff) > 0 ? maxBackoff : d;
    }
}
