package io.mxguard.lab.report;

import java.util.Locale;

/** Html - escaping and small text helpers for the report; labels are untrusted DNS/SMTP data. */
final class Html {
    private Html() {
    }

    /** escape - text safe in element content and in double- or single-quoted attributes. */
    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        text.codePoints().forEach(cp -> {
            switch (cp) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> {
                    // Control characters and lone surrogates are not allowed in HTML text.
                    if ((cp < 0x20 && cp != '\t') || cp == 0x7f || (cp >= 0x80 && cp < 0xa0)
                            || (cp >= 0xd800 && cp <= 0xdfff)) {
                        out.append('\ufffd');
                    } else {
                        out.appendCodePoint(cp);
                    }
                }
            }
        });
        return out.toString();
    }

    /** truncate - at most {@code max} code points, ending in an ellipsis when cut. */
    static String truncate(String text, int max) {
        int length = text.codePointCount(0, text.length());
        if (length <= max) {
            return text;
        }
        int keep = Math.max(1, max - 1);
        return text.substring(0, text.offsetByCodePoints(0, keep)) + "…";
    }

    /** length - how many code points (what the diagram's width estimate counts). */
    static int length(String text) {
        return text.codePointCount(0, text.length());
    }

    /** slug - an id/fragment-safe form: lower-case letters, digits, '.', '_' and '-'. */
    static String slug(String text) {
        String slug = text.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._-]+", "-");
        return slug.isEmpty() ? "-" : slug;
    }

    /** cellId - the anchor of a cell's detail section, {@code cell-<attack>-<mode>}. */
    static String cellId(String attack, String mode) {
        return "cell-" + slug(attack) + "-" + slug(mode);
    }
}
