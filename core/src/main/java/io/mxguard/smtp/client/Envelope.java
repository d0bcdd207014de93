package io.mxguard.smtp.client;

import java.util.List;
import java.util.Objects;

/**
 * Envelope - the reverse path and forward paths of one transaction (RFC 5321 §3.3).
 *
 * @param mailFrom   the reverse path without angle brackets; "" is the null sender (bounces)
 * @param recipients one or more forward paths without angle brackets
 */
public record Envelope(String mailFrom, List<String> recipients) {
    public Envelope {
        Objects.requireNonNull(mailFrom, "mailFrom");
        recipients = List.copyOf(recipients);
        if (recipients.isEmpty()) {
            throw new IllegalArgumentException("an envelope needs at least one recipient");
        }
    }

    public static Envelope of(String mailFrom, String... recipients) {
        return new Envelope(mailFrom, List.of(recipients));
    }
}
