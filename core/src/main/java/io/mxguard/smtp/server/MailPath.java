package io.mxguard.smtp.server;

/**
 * MailPath - reads the path of MAIL FROM and RCPT TO (RFC 5321 §4.1.2), strictly: a Dot-string or
 * Quoted-string local part, one {@code @}, a domain or address literal, at most 64 + 255 octets
 * (§4.5.3.1.1-2). A source route ({@code <@a,@b:bob@x>}) is accepted and dropped (§4.1.2, §C).
 * UTF-8 is allowed only when the transaction declared SMTPUTF8 (RFC 6531 §3.3).
 */
final class MailPath {

    /** Split - the path's inside (without angle brackets) and the parameter text that follows it. */
    record Split(String path, String parameters) {
    }

    private MailPath() {
    }

    /** split - {@code <path> params} into the two; the path may contain quoted {@code >}. */
    static Split split(String argument) throws Refusal {
        String text = argument.stripLeading(); // XXX: RFC 5321 has no space after the colon; many clients send one
        if (!text.startsWith("<")) {
            throw Refusal.syntax("path must be enclosed in <>");
        }
        boolean quoted = false;
        for (int i = 1; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted && c == '\\') {
                i++;
            } else if (c == '"') {
                quoted = !quoted;
            } else if (c == '>' && !quoted) {
                String rest = text.substring(i + 1);
                if (!rest.isEmpty() && rest.charAt(0) != ' ') {
                    throw Refusal.syntax("a space must separate the path from its parameters");
                }
                return new Split(text.substring(1, i), rest.strip());
            }
        }
        throw Refusal.syntax("path has no closing >");
    }

    /** mailbox - the mailbox of a path's inside, source route dropped; {@code ""} stays the null path. */
    static String mailbox(String path, boolean utf8) throws Refusal {
        String p = path;
        if (p.startsWith("@")) {
            int colon = p.indexOf(':');
            if (colon < 0) {
                throw Refusal.syntax("source route without ':'");
            }
            for (String hop : p.substring(0, colon).split(",", -1)) {
                if (!hop.startsWith("@") || !isDomain(hop.substring(1), utf8)) {
                    throw Refusal.syntax("bad source route");
                }
            }
            p = p.substring(colon + 1);
        }
        if (p.isEmpty()) {
            return p;
        }
        if (!utf8 && !p.chars().allMatch(c -> c < 0x80)) {
            throw new Refusal(553, "5.6.7 non-ASCII address needs SMTPUTF8");
        }
        int at = p.lastIndexOf('@');
        if (at <= 0) {
            throw new Refusal(501, "5.1.3 address needs a local part and a domain");
        }
        String local = p.substring(0, at);
        String domain = p.substring(at + 1);
        if (!isLocalPart(local, utf8)) {
            throw new Refusal(501, "5.1.3 bad local part");
        }
        if (!isDomain(domain, utf8) && !isAddressLiteral(domain)) {
            throw new Refusal(501, "5.1.3 bad domain");
        }
        // RFC 5321 §4.5.3.1.1-2, counted in octets.
        if (utf8Length(local) > 64 || utf8Length(domain) > 255) {
            throw new Refusal(501, "5.1.3 local part or domain too long");
        }
        return p;
    }

    /** isDomain - RFC 5321 Domain: dot-separated labels of letters, digits and inner hyphens (U-labels with SMTPUTF8). */
    static boolean isDomain(String domain, boolean utf8) {
        if (domain.isEmpty() || domain.length() > 255) {
            return false;
        }
        for (String label : domain.split("\\.", -1)) {
            if (label.isEmpty() || label.length() > 63 || label.startsWith("-") || label.endsWith("-")) {
                return false;
            }
            for (int i = 0; i < label.length(); i++) {
                char c = label.charAt(i);
                boolean ldh = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
                if (!ldh && !(utf8 && c >= 0x80)) {
                    return false;
                }
            }
        }
        return true;
    }

    /** isAddressLiteral - {@code [1.2.3.4]} or {@code [IPv6:...]} (RFC 5321 §4.1.3); general literals are refused. */
    static boolean isAddressLiteral(String text) {
        if (text.length() < 3 || text.charAt(0) != '[' || text.charAt(text.length() - 1) != ']') {
            return false;
        }
        String inner = text.substring(1, text.length() - 1);
        if (inner.regionMatches(true, 0, "IPv6:", 0, 5)) {
            String v6 = inner.substring(5);
            return !v6.isEmpty() && v6.length() <= 45 && v6.chars().allMatch(c -> c == ':' || c == '.'
                    || Character.digit(c, 16) >= 0) && v6.contains(":");
        }
        String[] parts = inner.split("\\.", -1);
        if (parts.length != 4) {
            return false;
        }
        for (String part : parts) {
            if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(c -> c >= '0' && c <= '9')
                    || Integer.parseInt(part) > 255) {
                return false;
            }
        }
        return true;
    }

    private static boolean isLocalPart(String local, boolean utf8) {
        if (local.startsWith("\"")) {
            return isQuotedString(local, utf8);
        }
        for (String atom : local.split("\\.", -1)) {
            if (atom.isEmpty() || !atom.chars().allMatch(c -> isAtext(c) || (utf8 && c >= 0x80))) {
                return false;
            }
        }
        return true;
    }

    // RFC 5321 §4.1.2 Quoted-string: qtextSMTP is %d32-33 / %d35-91 / %d93-126, quoted-pairSMTP is "\" %d32-126.
    private static boolean isQuotedString(String s, boolean utf8) {
        if (s.length() < 2 || !s.endsWith("\"")) {
            return false;
        }
        for (int i = 1; i < s.length() - 1; i++) {
            char c = s.charAt(i);
            if (c == '\\') {
                i++;
                if (i >= s.length() - 1 || s.charAt(i) < 32 || s.charAt(i) > 126) {
                    return false;
                }
            } else if (!((c >= 32 && c <= 126 && c != '"') || (utf8 && c >= 0x80))) {
                return false;
            }
        }
        return true;
    }

    // RFC 5322 §3.2.3 atext.
    private static boolean isAtext(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || "!#$%&'*+-/=?^_`{|}~".indexOf(c) >= 0;
    }

    private static int utf8Length(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
    }
}
