package io.mxguard.smtp;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Extensions - the service extensions a server announced in its EHLO reply (RFC 5321 §4.1.1.1).
 *
 * <p>Keywords are case-insensitive and kept upper-case; each keeps its parameters. {@link #NONE}
 * stands for a HELO session or the state right after STARTTLS, when everything learned before
 * must be forgotten (RFC 3207 §4.2).
 */
public final class Extensions {
    public static final String STARTTLS = "STARTTLS";
    public static final String PIPELINING = "PIPELINING";
    public static final String SIZE = "SIZE";
    public static final String EIGHT_BIT_MIME = "8BITMIME";
    public static final String SMTPUTF8 = "SMTPUTF8";
    public static final String ENHANCED_STATUS_CODES = "ENHANCEDSTATUSCODES";
    public static final String DSN = "DSN";

    public static final Extensions NONE = new Extensions(Map.of());

    private final Map<String, List<String>> keywords;

    private Extensions(Map<String, List<String>> keywords) {
        this.keywords = Collections.unmodifiableMap(keywords);
    }

    /** fromEhloReply - the keywords of a 250 EHLO reply; its first line is the greeting and is skipped. */
    public static Extensions fromEhloReply(Reply reply) {
        Map<String, List<String>> map = new LinkedHashMap<>();
        List<String> lines = reply.lines();
        for (String line : lines.subList(1, lines.size())) {
            String[] parts = line.trim().split("[ \t]+");
            // RFC 5321 §4.1.1.1: ehlo-keyword = (ALPHA / DIGIT) *(ALPHA / DIGIT / "-")
            if (parts[0].isEmpty() || !parts[0].matches("[A-Za-z0-9][A-Za-z0-9-]*")) {
                continue;
            }
            map.putIfAbsent(parts[0].toUpperCase(Locale.ROOT), List.of(parts).subList(1, parts.length));
        }
        return new Extensions(map);
    }

    public boolean supports(String keyword) {
        return keywords.containsKey(keyword.toUpperCase(Locale.ROOT));
    }

    public Optional<List<String>> parameters(String keyword) {
        return Optional.ofNullable(keywords.get(keyword.toUpperCase(Locale.ROOT)));
    }

    public Map<String, List<String>> keywords() {
        return keywords;
    }

    public boolean startTls() {
        return supports(STARTTLS);
    }

    public boolean pipelining() {
        return supports(PIPELINING);
    }

    public boolean eightBitMime() {
        return supports(EIGHT_BIT_MIME);
    }

    public boolean smtpUtf8() {
        return supports(SMTPUTF8);
    }

    public boolean enhancedStatusCodes() {
        return supports(ENHANCED_STATUS_CODES);
    }

    /** dsn - RFC 3461 §3: the server takes RET, ENVID, NOTIFY and ORCPT, and reports on the mail from then on. */
    public boolean dsn() {
        return supports(DSN);
    }

    public boolean size() {
        return supports(SIZE);
    }

    /**
     * sizeLimit - the fixed maximum message size the server announced (RFC 1870 §4), or empty when it
     * announced none, announced 0 ("no fixed limit") or a value that is not a number.
     */
    public OptionalLong sizeLimit() {
        List<String> params = keywords.get(SIZE);
        if (params == null || params.isEmpty()) {
            return OptionalLong.empty();
        }
        try {
            long n = Long.parseLong(params.get(0));
            return n > 0 ? OptionalLong.of(n) : OptionalLong.empty();
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    @Override
    public String toString() {
        return String.join(" ", keywords.keySet());
    }
}
