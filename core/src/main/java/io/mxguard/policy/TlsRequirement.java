package io.mxguard.policy;

import java.util.Objects;

/**
 * TlsRequirement - the TLS a route is held to, and why; consumed by the SMTP client, the delivery
 * log and (later) TLS-RPT. Decided once by {@link RoutePlanner}; nothing downstream re-derives it.
 *
 * @param level     the effective level: what the route is held to after DNS facts and the minimum
 * @param mode      what the SMTP client does
 * @param onSuccess what a successful TLS handshake under this requirement proves
 * @param why       one sentence for a mail admin: the DNS facts, where the level came from, the minimum
 */
public record TlsRequirement(TlsLevel level, TlsMode mode, Assurance onSuccess, String why) {

    public TlsRequirement {
        Objects.requireNonNull(level);
        Objects.requireNonNull(mode);
        Objects.requireNonNull(onSuccess);
        Objects.requireNonNull(why);
    }

    /** mandatoryTls - true when the client must not send in plaintext on this route. */
    public boolean mandatoryTls() {
        return switch (mode.kind()) {
            case NO_TLS, OPPORTUNISTIC -> false;
            case ENCRYPT_UNAUTHENTICATED, DANE, PKIX -> true;
        };
    }

    /** authenticated - true when the peer's certificate must be checked (DANE or PKIX). */
    public boolean authenticated() {
        return mode.kind() == TlsMode.Kind.DANE || mode.kind() == TlsMode.Kind.PKIX;
    }
}
