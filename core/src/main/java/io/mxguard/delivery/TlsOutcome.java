package io.mxguard.delivery;

import io.mxguard.policy.Assurance;
import java.util.Objects;

/**
 * TlsOutcome - the TLS a session achieved, as Postfix logs it: the level ({@code Verified},
 * {@code Trusted}, {@code Untrusted}, {@code None}), how the peer was authenticated
 * ({@code DANE-EE}, {@code DANE-TA}, {@code PKIX}, or empty), protocol and cipher.
 */
public record TlsOutcome(Assurance level, String how, String protocol, String cipher) {
    public static final TlsOutcome NONE = new TlsOutcome(Assurance.NONE, "", "", "");

    public TlsOutcome {
        Objects.requireNonNull(level);
        Objects.requireNonNull(how);
        Objects.requireNonNull(protocol);
        Objects.requireNonNull(cipher);
    }

    /** describe - "Verified TLS (DANE-EE) TLSv1.3 TLS_AES_256_GCM_SHA384" or "None (no TLS)". */
    public String describe() {
        if (level == Assurance.NONE) {
            return "None (no TLS)";
        }
        return level.label() + " TLS" + (how.isEmpty() ? "" : " (" + how + ")") + " " + protocol + " " + cipher;
    }
}
