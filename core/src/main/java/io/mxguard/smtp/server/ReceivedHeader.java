package io.mxguard.smtp.server;

import java.nio.charset.StandardCharsets;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * ReceivedHeader - the trace field we prepend to every accepted message (RFC 5321 §4.4): who handed
 * it over, who took it, over what protocol (RFC 3848: ESMTP, ESMTPS, ESMTPSA; RFC 6531 §3.7.3: UTF8SMTP,
 * UTF8SMTPS; an "A" suffix after AUTH), with which id, for which recipient (only when there is exactly one), and when.
 * Every piece comes from a checked source: the EHLO name and recipient were parsed strictly, so no
 * CR, LF or control character can reach the header.
 */
final class ReceivedHeader {
    private static final DateTimeFormatter DATE =
            DateTimeFormatter.ofPattern("EEE, d MMM yyyy HH:mm:ss Z", Locale.ENGLISH);

    private ReceivedHeader() {
    }

    /** protocol - the "with" keyword for how the message came in (RFC 3848 §2: "A" after AUTH). */
    static String protocol(boolean esmtp, boolean tls, boolean utf8, boolean authenticated) {
        String a = authenticated ? "A" : "";
        if (utf8) {
            return (tls ? "UTF8SMTPS" : "UTF8SMTP") + a;
        }
        return (esmtp ? "ESMTP" : "SMTP") + (tls ? "S" : "") + a;
    }

    /** render - the header field, folded, with its final CRLF. */
    static byte[] render(String from, String by, String protocol, Optional<String> tlsComment, String id,
                         List<String> recipients, ZonedDateTime when) {
        StringBuilder h = new StringBuilder("Received: from ").append(from).append("\r\n")
                .append("\tby ").append(by).append(" (mxguard) with ").append(protocol).append(" id ").append(id);
        tlsComment.ifPresent(c -> h.append("\r\n\t(").append(c).append(')'));
        if (recipients.size() == 1) {
            h.append("\r\n\tfor <").append(recipients.get(0)).append('>');
        }
        h.append("; ").append(DATE.format(when)).append("\r\n");
        return h.toString().getBytes(StandardCharsets.UTF_8);
    }
}
