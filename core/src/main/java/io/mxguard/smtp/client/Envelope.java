package io.mxguard.smtp.client;

import java.util.List;
import java.util.Objects;

/**
 * Envelope - the reverse path and forward paths of one transaction (RFC 5321 §3.3), and the DSN
 * parameters that go with them (RFC 3461).
 *
 * @param mailFrom   the reverse path without angle brackets; "" is the null sender (bounces)
 * @param recipients one or more forward paths without angle brackets
 * @param dsn        RET, ENVID and each recipient's NOTIFY and ORCPT; {@link DsnParameters#NONE} for none
 */
public record Envelope(String mailFrom, List<String> recipients, DsnParameters dsn) {
    public Envelope {
        Objects.requireNonNull(mailFrom, "mailFrom");
        recipients = List.copyOf(recipients);
        if (recipients.isEmpty()) {
            throw new IllegalArgumentException("an envelope needs at least one recipient");
        }
        Objects.requireNonNull(dsn, "dsn");
        if (!dsn.recipients().isEmpty() && dsn.recipients().size() != recipients.size()) {
            throw new IllegalArgumentException("DSN parameters for " + dsn.recipients().size() + " recipients, but "
                    + recipients.size() + " recipients");
        }
    }

    /** Envelope - without DSN parameters. */
    public Envelope(String mailFrom, List<String> recipients) {
        this(mailFrom, recipients, DsnParameters.NONE);
    }

    public static Envelope of(String mailFrom, String... recipients) {
        return new Envelope(mailFrom, List.of(recipients));
    }
}
