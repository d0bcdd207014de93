package io.mxguard.smtp.server;

/**
 * MessageMemory - the octets of message text all sessions together may hold in memory while they read
 * DATA and hand it to the store. A session takes its share line by line; when the budget is spent the
 * message is read to its end without being kept and refused with 452 4.3.1 (RFC 5321 §4.2.3: insufficient
 * system storage; the client tries again later), so a crowd of large messages slows the server down
 * instead of exhausting its heap. Counted once per octet: building the queue file copies a message
 * briefly on top. Thread-safe.
 */
final class MessageMemory {
    private final long limit;
    private long used; // guarded by this

    MessageMemory(long limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("message memory must be positive: " + limit);
        }
        this.limit = limit;
    }

    /** reserve - take {@code octets} if they fit in what is left; false (nothing taken) if not. */
    synchronized boolean reserve(long octets) {
        if (octets > limit - used) {
            return false;
        }
        used += octets;
        return true;
    }

    /** release - give back octets taken by {@link #reserve}. */
    synchronized void release(long octets) {
        used -= octets;
        if (used < 0) {
            throw new IllegalStateException("released more message memory than was reserved");
        }
    }

    synchronized long used() {
        return used;
    }
}
