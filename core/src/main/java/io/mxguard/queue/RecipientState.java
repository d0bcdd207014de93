package io.mxguard.queue;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * RecipientState - one recipient of a queued message and where it stands: not tried yet, deferred
 * (with the last reason), or final (delivered or bounced).
 */
public record RecipientState(QueueEnvelope.Recipient recipient, Status status, String enhancedStatus, String reason,
                             Optional<Instant> lastAttempt) {

    public enum Status {
        PENDING, DEFERRED, DELIVERED, BOUNCED;

        public boolean isFinal() {
            return this == DELIVERED || this == BOUNCED;
        }
    }

    public RecipientState {
        Objects.requireNonNull(recipient);
        Objects.requireNonNull(status);
        Objects.requireNonNull(enhancedStatus);
        Objects.requireNonNull(reason);
        Objects.requireNonNull(lastAttempt);
    }

    static RecipientState pending(QueueEnvelope.Recipient recipient) {
        return new RecipientState(recipient, Status.PENDING, "", "", Optional.empty());
    }

    public String address() {
        return recipient.address();
    }
}
