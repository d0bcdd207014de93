package io.mxguard.queue;

import io.mxguard.smtp.Xtext;
import io.mxguard.smtp.client.DsnParameters;
import io.mxguard.smtp.client.Envelope;
import java.util.List;
import java.util.Optional;

/**
 * RelayEnvelope - pure: the SMTP envelope a queued message is relayed with to one domain: its sender, the
 * recipients still open there, and the DSN parameters it was received with, to be passed on as RFC 3461
 * §5.2.1 says (the client sends them only to a server announcing DSN).
 */
final class RelayEnvelope {
    private RelayEnvelope() {
    }

    /** of - the envelope for {@code recipients} (a subset of the message's, in their order). */
    static Envelope of(QueueEnvelope queued, List<QueueEnvelope.Recipient> recipients) {
        List<String> addresses = recipients.stream().map(QueueEnvelope.Recipient::address).toList();
        List<DsnParameters.Rcpt> rcpts = recipients.stream()
                .map(r -> new DsnParameters.Rcpt(r.notifyOn(), originalRecipient(r))).toList(); // §5.2.1(c): NOTIFY as received
        // §5.2.1(a), (b): ENVID and RET as received, or none.
        DsnParameters dsn = new DsnParameters(ret(queued.ret()), queued.envelopeId(), rcpts);
        return new Envelope(queued.sender(), addresses, dsn);
    }

    /**
     * originalRecipient - §5.2.1(d): the ORCPT received, unchanged; without one we MAY add one, and it MUST be the
     * address of the RCPT TO we received. An address outside printable US-ASCII gets none: §4.2 wants the address
     * behind the xtext in US-ASCII (RFC 6533's utf-8 address type is not implemented).
     */
    static Optional<String> originalRecipient(QueueEnvelope.Recipient r) {
        if (r.originalRecipient().isPresent()) {
            return r.originalRecipient();
        }
        String orcpt = "rfc822;" + Xtext.encode(r.address());
        boolean ascii = r.address().chars().allMatch(c -> c >= 0x20 && c < 0x7f);
        return ascii && Xtext.isOriginalRecipient(orcpt) ? Optional.of(orcpt) : Optional.empty();
    }

    private static Optional<DsnParameters.Ret> ret(QueueEnvelope.Ret ret) {
        return switch (ret) {
            case DEFAULT -> Optional.empty();
            case FULL -> Optional.of(DsnParameters.Ret.FULL);
            case HDRS -> Optional.of(DsnParameters.Ret.HDRS);
        };
    }
}
