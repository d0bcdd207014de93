package io.mxguard.smtp.client;

import io.mxguard.smtp.Reply;
import java.util.List;
import java.util.Optional;

/**
 * Transaction - one completed mail transaction: the MAIL reply, each recipient's result, and the
 * final reply to the data (empty when no recipient was accepted, or DATA itself was refused).
 */
public record Transaction(Reply mailReply, List<RecipientResult> recipients, Optional<Reply> dataReply,
                          boolean pipelined) {
    public Transaction {
        recipients = List.copyOf(recipients);
    }

    /** delivered - the recipients the server accepted the message for. */
    public List<String> delivered() {
        return recipients.stream().filter(r -> r.status() == RecipientResult.Status.DELIVERED)
                .map(RecipientResult::address).toList();
    }
}
