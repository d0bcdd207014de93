package io.mxguard.smtp;

import java.io.IOException;

/**
 * SmtpProtocolException - the peer broke the protocol: a line too long, a malformed or
 * inconsistent reply, too many or too large replies, a bare CR or LF where CRLF is required.
 */
public final class SmtpProtocolException extends IOException {
    private static final long serialVersionUID = 1L;

    /** What rule was broken. */
    public enum Violation {
        LINE_TOO_LONG, BARE_CR, BARE_LF, MALFORMED_REPLY, CODE_MISMATCH, TOO_MANY_LINES, REPLY_TOO_LARGE,
        UNEXPECTED_INPUT
    }

    private final Violation violation;

    public SmtpProtocolException(Violation violation, String message) {
        super(message);
        this.violation = violation;
    }

    public Violation violation() {
        return violation;
    }
}
