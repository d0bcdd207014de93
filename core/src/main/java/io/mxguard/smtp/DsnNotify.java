package io.mxguard.smtp;

/**
 * DsnNotify - the NOTIFY values of RFC 3461 §4.1, in the order they are written on a RCPT command. NEVER
 * stands alone. One type for the server that receives them, the queue that keeps them and the client that
 * passes them on.
 */
public enum DsnNotify { NEVER, SUCCESS, FAILURE, DELAY }
