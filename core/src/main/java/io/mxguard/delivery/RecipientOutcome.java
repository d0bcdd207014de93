package io.mxguard.delivery;

import java.util.Objects;
import java.util.Optional;

/**
 * RecipientOutcome - what happened to one recipient in one attempt.
 *
 * @param status         delivered, deferred (keep queued, retry) or bounced (permanent)
 * @param enhancedStatus RFC 3463 code, e.g. 2.0.0, 4.7.5, 5.1.10
 * @param reason         a sentence for a mail admin (the server's reply, or our own reason)
 * @param fault          whose fault: the remote site, the network, our configuration, the message
 * @param route          where it went (delivered), or where the last try went (deferred/bounced)
 */
public record RecipientOutcome(String recipient, Status status, String enhancedStatus, String reason, Fault fault,
                               Optional<RouteUsed> route) {

    public enum Status { DELIVERED, DEFERRED, BOUNCED }

    /** Whose fault a failure is (Postfix habit: every failure is attributed). */
    public enum Fault { NONE, REMOTE_SITE, NETWORK, LOCAL_POLICY, MESSAGE }

    public RecipientOutcome {
        Objects.requireNonNull(recipient);
        Objects.requireNonNull(status);
        Objects.requireNonNull(enhancedStatus);
        Objects.requireNonNull(reason);
        Objects.requireNonNull(fault);
        Objects.requireNonNull(route);
    }
}
