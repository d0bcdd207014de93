package io.mxguard.policy;

/**
 * Assurance - what a successful connection under a requirement proves, as the delivery log and
 * TLS-RPT will name it (Postfix's TLS log words).
 *
 * <p>The rule: {@link #VERIFIED} when the peer is authenticated against a name bound to the
 * recipient domain by signed DNS data or by configuration; {@link #TRUSTED} when it is
 * authenticated, but against a name that unsigned DNS chose (insecure MX), so a forger of that MX
 * could have chosen it too (DESIGN §5: "Insecure MX with secure TLSA: ... Trusted").
 */
public enum Assurance {
    /** Authenticated, and the name is bound to the destination (secure MX + DANE, or PKIX with configured/next-hop names). */
    VERIFIED("Verified"),
    /** Authenticated, but the name came from an unsigned MX RRset. */
    TRUSTED("Trusted"),
    /** TLS without authentication (may, encrypt, DANE with only unusable records). */
    UNTRUSTED("Untrusted"),
    /** No TLS: level none, or opportunistic TLS that was not offered (Postfix logs "None"). */
    NONE("None");

    private final String label;

    Assurance(String label) {
        this.label = label;
    }

    /** label - "Verified", "Trusted", "Untrusted", "None". */
    public String label() {
        return label;
    }
}
