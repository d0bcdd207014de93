package io.mxguard.smtp.client;

/**
 * TlsState - whether a session runs over TLS: {@link Plaintext} with the reason, or {@link Encrypted}
 * with the handshake's facts.
 */
public sealed interface TlsState {

    /** No TLS on this session; {@code reason} says why (never attempted, not offered, refused). */
    record Plaintext(String reason) implements TlsState {
    }

    /** TLS is up; everything after this was said inside it. */
    record Encrypted(TlsFacts facts) implements TlsState {
    }

    default boolean isEncrypted() {
        return this instanceof Encrypted;
    }
}
