package io.mxguard.queue;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * QueuedMessage - the whole of one queue file: envelope, per-recipient state, arrival, when to try
 * next, how many attempts were made, whether the delay notice went out, and the content.
 */
public record QueuedMessage(String id, QueueEnvelope envelope, List<RecipientState> recipients, Instant arrival,
                            Instant nextAttempt, int attempts, boolean delayNotified, byte[] content) {

    public QueuedMessage {
        Objects.requireNonNull(id);
        Objects.requireNonNull(envelope);
        recipients = List.copyOf(recipients);
        Objects.requireNonNull(arrival);
        Objects.requireNonNull(nextAttempt);
        Objects.requireNonNull(content);
    }

    /** fresh - a message just received: every recipient pending, due now. */
    static QueuedMessage fresh(String id, QueueEnvelope envelope, Instant arrival, byte[] content) {
        return new QueuedMessage(id, envelope, envelope.recipients().stream().map(RecipientState::pending).toList(),
                arrival, arrival, 0, false, content);
    }

    /** isDone - every recipient delivered or bounced: the file can go. */
    public boolean isDone() {
        return recipients.stream().allMatch(r -> r.status().isFinal());
    }

    QueuedMessage with(List<RecipientState> newRecipients, Instant next, int newAttempts, boolean newDelayNotified) {
        return new QueuedMessage(id, envelope, newRecipients, arrival, next, newAttempts, newDelayNotified, content);
    }
}
