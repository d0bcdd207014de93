package io.mxguard.dns;

/**
 * Security - the DNSSEC verdict on one answer, decided by our own validator.
 *
 * <p>Only {@link SecureResolver} implementations that validate in-process from a trust anchor
 * may produce {@link #SECURE}. An upstream's AD bit never maps to any of these values.
 */
public enum Security {
    /** Signatures chain to a trust anchor and verify. */
    SECURE,
    /** Provably unsigned: a secure proof that there is no DS on the way down. */
    INSECURE,
    /** Signatures or proofs are missing or wrong where the chain says they must exist. */
    BOGUS,
    /** No verdict could be reached (timeout, SERVFAIL, unreachable upstream). */
    INDETERMINATE;

    /** isUsable - true when the data may be used at all (SECURE or INSECURE). */
    public boolean isUsable() {
        return this == SECURE || this == INSECURE;
    }
}
