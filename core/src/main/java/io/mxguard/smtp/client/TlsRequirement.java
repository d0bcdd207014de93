package io.mxguard.smtp.client;

/**
 * TlsRequirement - what the caller's policy demands of STARTTLS on this route.
 *
 * <p>{@link #REQUIRED}: no TLS, no mail; the session ends before MAIL FROM.
 * {@link #OPPORTUNISTIC}: use TLS when offered, continue in plaintext when it is not offered or refused
 * (a failed handshake still ends the session: the connection is unusable after it).
 */
public enum TlsRequirement { REQUIRED, OPPORTUNISTIC }
