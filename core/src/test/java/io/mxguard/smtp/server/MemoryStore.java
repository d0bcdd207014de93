package io.mxguard.smtp.server;

import io.mxguard.queue.MessageStore;
import io.mxguard.queue.QueueEnvelope;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** MemoryStore - a MessageStore in memory for tests; {@link #failing()} makes every enqueue fail like a full disk. */
final class MemoryStore implements MessageStore {

    record Stored(String id, QueueEnvelope envelope, byte[] content) {
        String text() {
            return new String(content, java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    private final List<Stored> stored = new CopyOnWriteArrayList<>();
    private volatile boolean fail;
    private volatile boolean explode;

    MemoryStore failing() {
        fail = true;
        return this;
    }

    /** exploding - every enqueue throws an unchecked exception, like a store with a bug. */
    MemoryStore exploding() {
        explode = true;
        return this;
    }

    @Override
    public String enqueue(QueueEnvelope envelope, byte[] content) throws IOException {
        if (explode) {
            throw new IllegalStateException("bug in the store");
        }
        if (fail) {
            throw new IOException("No space left on device");
        }
        String id = "Q" + (stored.size() + 1);
        stored.add(new Stored(id, envelope, content.clone()));
        return id;
    }

    List<Stored> stored() {
        return List.copyOf(stored);
    }
}
