package io.mxguard.tls;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;

/** PkixResult - the outcome of WebPKI-style verification (Postfix levels verify/secure, MTA-STS). */
public sealed interface PkixResult {

    /** Why the chain was refused; a report maps these to TLS-RPT result types. */
    enum Reason {
        /** No path from the leaf to a trusted CA (unknown CA, bad signature, not a CA, …). */
        NOT_TRUSTED,
        /** The path is trusted, but the leaf names none of the reference names. */
        NAME_MISMATCH,
        /** A certificate on the path has expired. */
        EXPIRED,
        /** A certificate on the path is not valid yet. */
        NOT_YET_VALID,
        /** The server presented no certificate. */
        EMPTY_CHAIN
    }

    /** Trusted - the chain validated to a trust anchor and the leaf carries {@code peerName}. */
    record Trusted(List<X509Certificate> chain, String peerName) implements PkixResult {
        public Trusted {
            chain = List.copyOf(chain);
            Objects.requireNonNull(peerName, "peerName");
        }
    }

    /** Failed - refused; {@code message} says why, for a mail admin. */
    record Failed(Reason reason, String message) implements PkixResult {
        public Failed {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(message, "message");
        }
    }
}
