package io.mxguard.lab.dns;

import java.util.Objects;

/** SigningOptions - how {@link ZoneSigner} signs a zone: denial method and signature validity. */
public record SigningOptions(Denial denial, Validity validity) {
    /** NSEC denial, {@link Validity#DEFAULT}. */
    public static final SigningOptions DEFAULT = new SigningOptions(Denial.nsec(), Validity.DEFAULT);

    public SigningOptions {
        Objects.requireNonNull(denial, "denial");
        Objects.requireNonNull(validity, "validity");
    }

    public SigningOptions withDenial(Denial other) {
        return new SigningOptions(other, validity);
    }

    public SigningOptions withValidity(Validity other) {
        return new SigningOptions(denial, other);
    }

    /** withNsec3 - NSEC3 with RFC 9276 defaults (no extra iterations, empty salt). */
    public SigningOptions withNsec3() {
        return withDenial(Denial.nsec3());
    }
}
