package io.mxguard.lab.smtp;

import io.mxguard.smtp.Reply;
import io.mxguard.smtp.client.SmtpClient;
import io.mxguard.smtp.client.SmtpOutcome;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.Optional;

/**
 * ForwardedMessage - what became of one accepted message a forwarding {@link LabMailServer} relayed to
 * its next hop (the attacker's MX passing mail on to Bob, DESIGN §4).
 *
 * @param message the message as this server stored it
 * @param nextHop where it was relayed
 * @param at      when the relay attempt ended
 * @param outcome the client's outcome: the transaction and its TLS, or the classified failure
 */
public record ForwardedMessage(ReceivedMessage message, InetSocketAddress nextHop, Instant at,
                               SmtpOutcome<SmtpClient.Delivered> outcome) {

    /** delivered - the next hop answered the data with 250. */
    public boolean delivered() {
        return finalReply().map(Reply::isPositive).orElse(false);
    }

    /** finalReply - the next hop's reply to the end of data, empty when the relay never got that far. */
    public Optional<Reply> finalReply() {
        return outcome.isOk() ? outcome.value().transaction().dataReply() : Optional.empty();
    }

    /** encrypted - the relay ran inside STARTTLS. */
    public boolean encrypted() {
        return outcome.isOk() && outcome.value().tls().isEncrypted();
    }
}
