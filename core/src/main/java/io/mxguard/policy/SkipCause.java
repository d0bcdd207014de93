package io.mxguard.policy;

import java.util.Optional;

/**
 * SkipCause - why an MX host is not used, with its class and enhanced status (RFC 3463).
 *
 * <p>All are temporary but {@link #NO_ADDRESSES}: DNS failures and DANE failures defer, they never
 * bounce (DESIGN §5). {@link #tlsRptResultType()} is the RFC 8460 §4.3 result type, where one fits.
 */
public enum SkipCause {
    /** A or AAAA lookup failed (timeout, SERVFAIL) and left no address. */
    ADDRESS_LOOKUP_FAILED(true, "4.4.3", null),
    /** The host provably has no address records (RFC 5321 §5.1: try the next host). */
    NO_ADDRESSES(false, "5.4.4", null),
    /** The TLSA lookup failed (timeout, SERVFAIL): DANE may be required and we cannot tell (RFC 7672 §2.1.1). */
    TLSA_LOOKUP_FAILED(true, "4.4.3", null),
    /** dane-only (configured or as local minimum) and DANE authentication does not apply to the host. */
    DANE_REQUIRED(true, "4.7.5", "dane-required"),
    /**
     * A lookup for the host (addresses or TLSA) was BOGUS: forged or broken signatures where the chain
     * says they must verify. A security failure (4.7.5), not a transient DNS one; TLS-RPT dnssec-invalid.
     */
    DNSSEC_BOGUS(true, "4.7.5", "dnssec-invalid");

    private final boolean temporary;
    private final String enhancedStatus;
    private final String tlsRptResultType;

    SkipCause(boolean temporary, String enhancedStatus, String tlsRptResultType) {
        this.temporary = temporary;
        this.enhancedStatus = enhancedStatus;
        this.tlsRptResultType = tlsRptResultType;
    }

    public boolean temporary() {
        return temporary;
    }

    /** enhancedStatus - "4.7.5" (security), "4.4.3" (DNS), "5.4.4" (no route). */
    public String enhancedStatus() {
        return enhancedStatus;
    }

    public Optional<String> tlsRptResultType() {
        return Optional.ofNullable(tlsRptResultType);
    }
}
