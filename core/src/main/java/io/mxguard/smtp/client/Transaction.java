package io.mxguard.smtp.client;

import io.mxguard.smtp.Reply;
import java.util.List;
import java.util.Optional;

/**
 * Transaction - one completed mail transaction: the MAIL reply, each recipient's result, and the
 * final reply to the data (empty when no recipient was accepted, or DATA itself was refused).
 *
 * @param dsnPassedOn the server announced DSN, so the envelope's RFC 3461 parameters went with the
 *                    transaction and, for what it accepted, the server reports from now on (§5.2.1);
 *                    false: none were sent, and delivery reports stay with us (§5.2.2)
 */
public record Transaction(Reply mailReply, List<RecipientResult> recipients, Optional<Reply> dataReply,
                          boolean pipelined, boolean dsnPassedOn) {
    public Transaction {
        recipients = List.copyOf(recipients);
    }

    /** delivered - the recipients the server accepted the message for. */
    public List<String> delivered() {
        return recipients.stream().filter(r -> r.status() == RecipientResult.Status.DELIVERED)
                .map(RecipientResult::address).toList();
    }
}
