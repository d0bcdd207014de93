package io.mxguard.smtp.client;

import io.mxguard.smtp.Reply;

/**
 * RecipientResult - what became of one recipient: its RCPT reply and, when RCPT was accepted, the
 * reply that decided the message (the final reply after DATA, or DATA's own refusal).
 *
 * @param address   the recipient
 * @param status    the verdict for this recipient
 * @param rcptReply the server's reply to RCPT TO
 * @param reply     the reply that decided {@code status} (the RCPT reply for a refused recipient)
 */
public record RecipientResult(String address, Status status, Reply rcptReply, Reply reply) {

    /** The verdict for one recipient. */
    public enum Status {
        /** The server took responsibility for the message for this recipient. */
        DELIVERED,
        /** 4yz at RCPT or for the data: retry later. */
        TEMPORARY_FAILURE,
        /** 5yz at RCPT or for the data: bounce. */
        PERMANENT_FAILURE
    }

    static Status statusOf(Reply reply) {
        if (reply.isPositive()) {
            return Status.DELIVERED;
        }
        return reply.isPermanentNegative() ? Status.PERMANENT_FAILURE : Status.TEMPORARY_FAILURE;
    }
}
