package io.mxguard.queue;

import java.io.IOException;

/**
 * MessageStore - where the SMTP server puts a message it is about to acknowledge. The server
 * answers 250 only after {@link #enqueue} returned: by then the envelope and content are on disk
 * and fsync'd (file and directory), so a crash after the 250 loses nothing (DESIGN §5, Queue).
 */
public interface MessageStore {

    /**
     * enqueue - store the message durably and schedule it; returns the queue id.
     *
     * @throws IOException the message could not be made durable: the server answers 451 and keeps nothing
     */
    String enqueue(QueueEnvelope envelope, byte[] content) throws IOException;
}
