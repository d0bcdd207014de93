package io.mxguard.smtp;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * EnhancedStatus - an RFC 3463 enhanced mail system status code, {@code class.subject.detail}.
 *
 * @param statusClass 2 (success), 4 (persistent transient failure) or 5 (permanent failure)
 * @param subject     0..999
 * @param detail      0..999
 */
public record EnhancedStatus(int statusClass, int subject, int detail) {
    // RFC 3463 §2: class "2"/"4"/"5", subject and detail 1 to 3 digits, no leading zeros beyond "0".
    private static final Pattern SYNTAX = Pattern.compile("([245])\\.(0|[1-9][0-9]{0,2})\\.(0|[1-9][0-9]{0,2})");

    public static final EnhancedStatus OK = new EnhancedStatus(2, 0, 0);

    public EnhancedStatus {
        if (statusClass != 2 && statusClass != 4 && statusClass != 5) {
            throw new IllegalArgumentException("enhanced status class must be 2, 4 or 5: " + statusClass);
        }
        if (subject < 0 || subject > 999 || detail < 0 || detail > 999) {
            throw new IllegalArgumentException("enhanced status subject and detail must be 0..999");
        }
    }

    /** parse - {@code "4.7.5"} as a status, or empty when it is not one (RFC 3463 §2 syntax). */
    public static Optional<EnhancedStatus> parse(String text) {
        Matcher m = SYNTAX.matcher(text);
        if (!m.matches()) {
            return Optional.empty();
        }
        return Optional.of(new EnhancedStatus(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                Integer.parseInt(m.group(3))));
    }

    /** of - a status from its text; for constants in code, so a typo fails loudly. */
    public static EnhancedStatus of(String text) {
        return parse(text).orElseThrow(() -> new IllegalArgumentException("not an enhanced status code: " + text));
    }

    public boolean isPermanent() {
        return statusClass == 5;
    }

    public boolean isTransient() {
        return statusClass == 4;
    }

    /** withClass - the same subject and detail with another class (4.7.5 becomes 5.7.5). */
    public EnhancedStatus withClass(int newClass) {
        return new EnhancedStatus(newClass, subject, detail);
    }

    @Override
    public String toString() {
        return statusClass + "." + subject + "." + detail;
    }
}
