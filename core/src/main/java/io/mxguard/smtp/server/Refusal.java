package io.mxguard.smtp.server;

import io.mxguard.smtp.Reply;

/**
 * Refusal - a command the session refuses, with the reply to send; thrown by the pure parsers so
 * the session answers and carries on. An expected outcome of bad input, never a server fault.
 */
final class Refusal extends Exception {
    private static final long serialVersionUID = 1L;

    private final transient Reply reply;

    Refusal(int code, String text) {
        super(code + " " + text, null, false, false);
        this.reply = Reply.of(code, text);
    }

    /** syntax - 501 5.5.4: a parameter or argument does not parse (RFC 3463 §3.6). */
    static Refusal syntax(String what) {
        return new Refusal(501, "5.5.4 " + what);
    }

    Reply reply() {
        return reply;
    }
}
