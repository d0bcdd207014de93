package io.mxguard.lab.scenario;

import java.util.Objects;

/**
 * Outcome - what became of Alice's message in one cell of the lab matrix, judged from the servers'
 * own records: {@code delivered} (Bob has it and nobody else read it), {@code intercepted} (the
 * attacker read the plaintext, whether or not Bob also got it), or {@code deferred:<reason>}
 * (refused safely; the mail stays queued).
 */
public record Outcome(Kind kind, String reason) {

    public enum Kind { DELIVERED, INTERCEPTED, DEFERRED }

    public Outcome {
        Objects.requireNonNull(kind);
        Objects.requireNonNull(reason);
    }

    public static Outcome delivered() {
        return new Outcome(Kind.DELIVERED, "");
    }

    public static Outcome intercepted() {
        return new Outcome(Kind.INTERCEPTED, "");
    }

    public static Outcome deferred(String reason) {
        return new Outcome(Kind.DEFERRED, reason);
    }

    /** word - "delivered", "intercepted" or "deferred:reason", as the matrix prints it. */
    public String word() {
        return switch (kind) {
            case DELIVERED -> "delivered";
            case INTERCEPTED -> "intercepted";
            case DEFERRED -> reason.isEmpty() ? "deferred" : "deferred:" + reason;
        };
    }

    /** matches - same kind, and for deferrals the same reason when the expectation names one. */
    public boolean satisfies(Outcome expected) {
        return kind == expected.kind && (kind != Kind.DEFERRED || expected.reason.isEmpty() || reason.equals(expected.reason));
    }

    @Override
    public String toString() {
        return word();
    }
}
