package io.mxguard.relay;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * DsnReport - a delivery status notification (RFC 3464) as a receiving MX got it, read apart for assertions:
 * the top-level headers, the {@code message/delivery-status} part (per-message fields, then one block of
 * fields per recipient) and the returned message part (its type and text). Strict enough to fail a test on
 * a malformed report: a missing boundary, part or field block is an {@link AssertionError}.
 *
 * @param headers      top-level header fields, names as written, folded lines unfolded
 * @param parts        the MIME parts of the report, each with its Content-Type and body
 * @param perMessage   the first block of the delivery-status part (RFC 3464 §2.2)
 * @param perRecipient the following blocks, one per recipient (RFC 3464 §2.3)
 */
record DsnReport(Map<String, String> headers, List<Part> parts, Map<String, String> perMessage,
                 List<Map<String, String>> perRecipient) {
    private static final Pattern BOUNDARY = Pattern.compile("boundary=\"([^\"]+)\"");

    /** Part - one MIME part: its Content-Type and its body. */
    record Part(String contentType, String body) {
    }

    /** parse - read a DSN; an {@link AssertionError} names what is missing. */
    static DsnReport parse(byte[] data) {
        String text = new String(data, StandardCharsets.UTF_8);
        int split = text.indexOf("\r\n\r\n");
        if (split < 0) {
            throw new AssertionError("no header section in:\n" + text);
        }
        Map<String, String> headers = fields(text.substring(0, split + 2));
        String type = headers.getOrDefault("Content-Type", "");
        Matcher b = BOUNDARY.matcher(type);
        if (!b.find()) {
            throw new AssertionError("no MIME boundary in Content-Type: " + type);
        }
        String delimiter = "\r\n--" + b.group(1);
        String body = text.substring(split + 2);
        int close = body.indexOf(delimiter + "--");
        if (close < 0) {
            throw new AssertionError("no closing boundary in:\n" + text);
        }
        List<Part> parts = new ArrayList<>();
        String[] chunks = body.substring(0, close).split(Pattern.quote(delimiter) + "\r\n", -1);
        for (int i = 1; i < chunks.length; i++) { // chunks[0] is the preamble
            int end = chunks[i].indexOf("\r\n\r\n");
            Map<String, String> partHeaders = fields(chunks[i].substring(0, end + 2));
            parts.add(new Part(partHeaders.getOrDefault("Content-Type", "text/plain"), chunks[i].substring(end + 4)));
        }
        Part status = parts.stream().filter(p -> p.contentType().equals("message/delivery-status")).findFirst()
                .orElseThrow(() -> new AssertionError("no message/delivery-status part in:\n" + text));
        List<Map<String, String>> blocks = new ArrayList<>();
        for (String block : status.body().split("\r\n\r\n")) {
            if (!block.isBlank()) {
                blocks.add(fields(block + "\r\n"));
            }
        }
        if (blocks.size() < 2) {
            throw new AssertionError("the delivery-status part has no recipient block:\n" + status.body());
        }
        return new DsnReport(headers, parts, blocks.get(0), blocks.subList(1, blocks.size()));
    }

    /** returned - the third part: the original message or its headers (RFC 3462 §2). */
    Part returned() {
        if (parts.size() != 3) {
            throw new AssertionError("expected 3 parts (text, status, original), got " + parts.size());
        }
        return parts.get(2);
    }

    /** recipient - the one per-recipient block; fails when there is not exactly one. */
    Map<String, String> recipient() {
        if (perRecipient.size() != 1) {
            throw new AssertionError("expected one recipient block, got " + perRecipient);
        }
        return perRecipient.get(0);
    }

    // "Name: value" lines; a line starting with white space continues the previous one (RFC 5322 §2.2.3).
    private static Map<String, String> fields(String section) {
        Map<String, String> out = new LinkedHashMap<>();
        String last = null;
        for (String line : section.split("\r\n")) {
            if (line.isEmpty()) {
                continue;
            }
            if ((line.startsWith(" ") || line.startsWith("\t")) && last != null) {
                out.put(last, out.get(last) + " " + line.strip());
                continue;
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new AssertionError("not a header field: " + line);
            }
            last = line.substring(0, colon);
            out.put(last, line.substring(colon + 1).strip());
        }
        return out;
    }
}
