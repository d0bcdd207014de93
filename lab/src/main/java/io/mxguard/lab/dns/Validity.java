package io.mxguard.lab.dns;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Validity - the RRSIG validity window relative to the signer's clock: inception is backdated (so
 * a validator with a slow clock accepts the signature), expiration lies ahead.
 *
 * <p>Stale or not-yet-valid signatures come from a signer whose {@link Clock} is set in the past
 * or the future, not from special windows.
 */
public record Validity(Duration backdate, Duration lifetime) {
    /** One hour back, thirty days ahead. */
    public static final Validity DEFAULT = new Validity(Duration.ofHours(1), Duration.ofDays(30));

    public Validity {
        if (backdate.isNegative() || lifetime.isNegative() || lifetime.isZero()) {
            throw new IllegalArgumentException("validity needs backdate >= 0 and lifetime > 0");
        }
    }

    /** inception - the RRSIG inception for a signature made now. */
    public Instant inception(Clock clock) {
        return clock.instant().minus(backdate).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    }

    /** expiration - the RRSIG expiration for a signature made now. */
    public Instant expiration(Clock clock) {
        return clock.instant().plus(lifetime).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    }
}
