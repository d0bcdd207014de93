package io.mxguard.queue;

import io.mxguard.smtp.DsnNotify;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * QueueEnvelope - everything the relay keeps about a message besides its content: the envelope
 * sender ({@code ""} for the null sender of bounces), the recipients with their DSN parameters
 * (RFC 3461), the DSN envelope id and RET, whether the client asked for REQUIRETLS (RFC 8689),
 * and who handed it to us (for the Received header and logs).
 */
public record QueueEnvelope(String sender, List<Recipient> recipients, Optional<String> envelopeId, Ret ret,
                            boolean requireTls, String receivedFrom) {

    /** RFC 3461 §4.3 RET: what a bounce returns of the message. */
    public enum Ret { DEFAULT, FULL, HDRS }

    /** One recipient: the address, its NOTIFY set ({@code notifyOn}), and the ORCPT it came with (RFC 3461 §4.2). */
    public record Recipient(String address, Set<DsnNotify> notifyOn, Optional<String> originalRecipient) {
        public Recipient {
            Objects.requireNonNull(address, "address");
            notifyOn = Set.copyOf(notifyOn);
            Objects.requireNonNull(originalRecipient, "originalRecipient");
        }

        public static Recipient of(String address) {
            return new Recipient(address, Set.of(), Optional.empty());
        }
    }

    public QueueEnvelope {
        Objects.requireNonNull(sender, "sender");
        recipients = List.copyOf(recipients);
        if (recipients.isEmpty()) {
            throw new IllegalArgumentException("a queued message needs at least one recipient");
        }
        Objects.requireNonNull(envelopeId, "envelopeId");
        Objects.requireNonNull(ret, "ret");
        Objects.requireNonNull(receivedFrom, "receivedFrom");
    }
}
