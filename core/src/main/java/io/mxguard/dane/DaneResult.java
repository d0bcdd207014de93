package io.mxguard.dane;

import java.util.Objects;
import org.xbill.DNS.TLSARecord;

/**
 * DaneResult - the outcome of checking one server chain against a TLSA RRset: which record
 * authenticated it, or why none did.
 */
public sealed interface DaneResult {

    /** The usages that can authenticate an SMTP server (RFC 7672 §3.1). */
    enum Usage {
        /** DANE-TA(2): a trust anchor; the leaf must chain to it, be in date, and carry a reference name. */
        DANE_TA,
        /** DANE-EE(3): the leaf itself; names and dates are not checked (RFC 7672 §3.1.1). */
        DANE_EE
    }

    /** Why no usable record authenticated the chain; a report maps these to TLS-RPT result types. */
    enum Reason {
        /** No record matched the leaf (DANE-EE) or any presented certificate or key (DANE-TA). */
        NO_MATCH,
        /** A trust anchor matched, and the leaf chains to it, but names none of the reference names. */
        NAME_MISMATCH,
        /** A trust anchor matched, but a certificate on the path to it has expired. */
        EXPIRED,
        /** A trust anchor matched, but a certificate on the path to it is not valid yet. */
        NOT_YET_VALID,
        /** A trust anchor was presented, but the leaf does not chain to it (names, signatures, CA flags). */
        CHAIN_BROKEN,
        /** The RRset has no usable record: DANE cannot authenticate (RFC 7672 §2.2: TLS is still required). */
        NO_USABLE_RECORDS,
        /** The server presented no certificate. */
        EMPTY_CHAIN
    }

    /** authenticated - true only for {@link Matched}. */
    default boolean authenticated() {
        return this instanceof Matched;
    }

    /**
     * Matched - {@code record} authenticated the chain.
     *
     * @param depth where the matched certificate sits, 0 = leaf; for a bare-key {@code 2 1 0} anchor that
     *              the server did not send, the chain length (the key sits just above the last certificate used)
     */
    record Matched(TLSARecord record, Usage usage, int depth, String details) implements DaneResult {
        public Matched {
            Objects.requireNonNull(record, "record");
            Objects.requireNonNull(usage, "usage");
            Objects.requireNonNull(details, "details");
        }
    }

    /** Failed - no usable record authenticated the chain; {@code message} says why, for a mail admin. */
    record Failed(Reason reason, String message) implements DaneResult {
        public Failed {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(message, "message");
        }
    }
}
