package io.mxguard.smtp;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Reply - one SMTP reply (RFC 5321 §4.2): a code, the enhanced status its first line carries
 * (RFC 2034), and the text of each line without code, separator or CRLF.
 */
public record Reply(int code, Optional<EnhancedStatus> enhancedStatus, List<String> lines) {

    public Reply {
        if (!ReplyCode.isValid(code)) {
            throw new IllegalArgumentException("not an SMTP reply code: " + code);
        }
        Objects.requireNonNull(enhancedStatus, "enhancedStatus");
        lines = List.copyOf(lines);
        if (lines.isEmpty()) {
            throw new IllegalArgumentException("a reply has at least one line");
        }
    }

    /** of - a reply whose first line may start with an enhanced status of the code's class. */
    public static Reply of(int code, List<String> lines) {
        return new Reply(code, enhancedStatusIn(code, lines.isEmpty() ? "" : lines.get(0)), lines);
    }

    public static Reply of(int code, String text) {
        return of(code, List.of(text));
    }

    // RFC 2034 §4: the status starts the text, and its class matches the reply code's first digit.
    private static Optional<EnhancedStatus> enhancedStatusIn(int code, String firstLine) {
        int space = firstLine.indexOf(' ');
        String head = space < 0 ? firstLine : firstLine.substring(0, space);
        return EnhancedStatus.parse(head).filter(s -> s.statusClass() == code / 100);
    }

    public boolean isPositive() {
        return ReplyCode.isPositiveCompletion(code);
    }

    public boolean isIntermediate() {
        return ReplyCode.isPositiveIntermediate(code);
    }

    public boolean isTransientNegative() {
        return ReplyCode.isTransientNegative(code);
    }

    public boolean isPermanentNegative() {
        return ReplyCode.isPermanentNegative(code);
    }

    /** text - all lines joined with spaces, for logs and bounce messages. */
    public String text() {
        return String.join(" ", lines);
    }

    /** wireLines - the reply as the server sends it, one string per line, without CRLF. */
    public List<String> wireLines() {
        String[] out = new String[lines.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = code + (i == out.length - 1 ? " " : "-") + lines.get(i);
        }
        return List.of(out);
    }

    /** toString - one line: code and text, as a mail admin reads it in a log. */
    @Override
    public String toString() {
        return code + " " + text();
    }
}
