package io.mxguard.queue;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * QueueId - unique, sortable message ids: 12 hex digits of epoch milliseconds, a dash, 16 hex
 * digits of randomness ({@code 0192a3b4c5d6-9f3a1b2c4d5e6f70}). Lexical order is arrival order
 * to the millisecond.
 */
final class QueueId {
    private static final Pattern SHAPE = Pattern.compile("[0-9a-f]{12}-[0-9a-f]{16}");

    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    QueueId(Clock clock) {
        this.clock = clock;
    }

    /** next - a fresh id. */
    String next() {
        byte[] tail = new byte[8];
        random.nextBytes(tail);
        return String.format("%012x", clock.millis() & 0xffffffffffffL) + "-" + HexFormat.of().formatHex(tail);
    }

    /** isValid - whether a file name is a queue id (temp files and strays are not). */
    static boolean isValid(String name) {
        return SHAPE.matcher(name).matches();
    }
}
