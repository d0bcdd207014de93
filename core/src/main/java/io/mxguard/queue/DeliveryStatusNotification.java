package io.mxguard.queue;

import io.mxguard.smtp.Xtext;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * DeliveryStatusNotification - builds a DSN (RFC 3464) for some recipients of a queued message:
 * {@code multipart/report; report-type=delivery-status} with a human-readable part, a
 * {@code message/delivery-status} part, and the original message (RET=FULL, or a failure report
 * with RET unspecified) or its headers.
 */
final class DeliveryStatusNotification {
    private static final DateTimeFormatter DATE = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);
    private static final String CRLF = "\r\n";
    private static final Pattern SMTP_REPLY = Pattern.compile("[245][0-9][0-9](?: .*)?", Pattern.DOTALL);
    // RFC 2046 §5.1.1: a boundary is 1 to 70 characters.
    static final int MAX_BOUNDARY = 70;

    /**
     * Action - RFC 3464 §2.3.3. A relay never delivers locally, so never "delivered"; "relayed" is the success
     * report for a next hop that does not do DSN (RFC 3461 §5.2.2(b)). We never expand.
     */
    enum Action { FAILED, DELAYED, RELAYED }

    /**
     * Entry - one recipient's block in the report; {@code remoteMta} is the MX host whose reply this attempt
     * got (none when no server was reached, e.g. a failed DNS lookup or a refused TLS handshake).
     */
    record Entry(RecipientState state, Action action, Optional<String> remoteMta) {
        Entry(RecipientState state, Action action) {
            this(state, action, Optional.empty());
        }
    }

    private DeliveryStatusNotification() {
    }

    /** build - the whole DSN message (CRLF lines), to be enqueued from the null sender. */
    static byte[] build(QueuedMessage original, List<Entry> entries, QueueConfig config, Instant now, String dsnId) {
        String mta = config.reportingMta();
        String boundary = boundary(dsnId, mta);
        boolean failed = entries.stream().anyMatch(e -> e.action() == Action.FAILED);
        boolean delayed = entries.stream().anyMatch(e -> e.action() == Action.DELAYED);
        StringBuilder b = new StringBuilder();
        b.append("From: Mail Delivery System <MAILER-DAEMON@").append(mta).append('>').append(CRLF);
        b.append("To: <").append(clean(original.envelope().sender())).append('>').append(CRLF);
        b.append("Subject: ").append(failed ? "Undelivered Mail Returned to Sender"
                : delayed ? "Delayed Mail (still being retried)" : "Successful Mail Delivery Report").append(CRLF);
        b.append("Date: ").append(DATE.format(now)).append(CRLF);
        b.append("Message-ID: <").append(dsnId).append('@').append(mta).append('>').append(CRLF);
        b.append("Auto-Submitted: auto-replied").append(CRLF); // RFC 3834 §5
        b.append("MIME-Version: 1.0").append(CRLF);
        b.append("Content-Type: multipart/report; report-type=delivery-status;").append(CRLF);
        b.append("\tboundary=\"").append(boundary).append('"').append(CRLF).append(CRLF);
        b.append("This is a MIME-encapsulated message.").append(CRLF).append(CRLF);

        b.append("--").append(boundary).append(CRLF);
        b.append("Content-Type: text/plain; charset=us-ascii").append(CRLF).append(CRLF);
        b.append("This is the mail system at host ").append(mta).append('.').append(CRLF).append(CRLF);
        for (Entry e : entries) {
            b.append(human(e.action())).append(": <").append(clean(e.state().address())).append('>').append(CRLF);
            if (!e.state().reason().isEmpty()) {
                // on a line of its own: behind a long address, a long reason would pass RFC 5321's 1000 octets
                b.append("    ").append(reason(e.state().reason())).append(CRLF);
            }
        }
        b.append(CRLF);

        // RFC 3464 §2.2: per-message fields, a blank line, then one block per recipient (§2.3)
        b.append("--").append(boundary).append(CRLF);
        b.append("Content-Type: message/delivery-status").append(CRLF).append(CRLF);
        b.append("Reporting-MTA: dns; ").append(mta).append(CRLF);
        // RFC 3461 §6.3(a): the ENVID as the sender wrote it, so decoded from xtext
        original.envelope().envelopeId().ifPresent(id -> b.append("Original-Envelope-Id: ")
                .append(reason(Xtext.decode(id))).append(CRLF));
        b.append("X-Mxguard-Queue-ID: ").append(original.id()).append(CRLF);
        b.append("Arrival-Date: ").append(DATE.format(original.arrival())).append(CRLF);
        for (Entry e : entries) {
            RecipientState r = e.state();
            b.append(CRLF);
            r.recipient().originalRecipient().ifPresent(o -> b.append("Original-Recipient: ")
                    .append(reason(originalRecipient(o))).append(CRLF));
            b.append("Final-Recipient: rfc822; ").append(clean(r.address())).append(CRLF);
            b.append("Action: ").append(e.action().name().toLowerCase(Locale.ROOT)).append(CRLF);
            b.append("Status: ").append(status(e)).append(CRLF);
            // RFC 3464 §2.3.5: the MTA that reported the status (the Diagnostic-Code's author), in DNS form
            e.remoteMta().ifPresent(host -> b.append("Remote-MTA: dns; ").append(clean(host)).append(CRLF));
            if (!r.reason().isEmpty()) {
                b.append("Diagnostic-Code: ").append(diagnosticType(r.reason())).append("; ").append(reason(r.reason()))
                        .append(CRLF);
            }
            r.lastAttempt().ifPresent(t -> b.append("Last-Attempt-Date: ").append(DATE.format(t)).append(CRLF));
            if (e.action() == Action.DELAYED) {
                b.append("Will-Retry-Until: ").append(DATE.format(original.arrival().plus(config.maxLifetime())))
                        .append(CRLF);
            }
        }
        b.append(CRLF);

        // RFC 3461 §4.3: RET applies to failure reports only (HDRS → headers; FULL or unspecified → our choice: the
        // whole message); a report without a failure returns the headers whatever RET says (§4.3, §6.2)
        boolean full = failed && original.envelope().ret() != QueueEnvelope.Ret.HDRS;
        b.append("--").append(boundary).append(CRLF);
        byte[] body = full ? original.content() : headers(original.content());
        b.append("Content-Type: ").append(full ? "message/rfc822" : "text/rfc822-headers").append(CRLF);
        if (eightBit(body)) {
            // RFC 2046 §5.2.1, RFC 6522 §3: 7bit is the default, so an 8-bit returned message says it is 8bit; the
            // whole DSN then goes out with BODY=8BITMIME (RFC 6152), as the original did
            b.append("Content-Transfer-Encoding: 8bit").append(CRLF);
        }
        b.append(CRLF);
        byte[] head = b.toString().getBytes(StandardCharsets.UTF_8);
        // RFC 2046 §5.1.1: the CRLF before a boundary belongs to the boundary, so the part keeps its own last CRLF
        byte[] tail = (CRLF + "--" + boundary + "--" + CRLF).getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[head.length + body.length + tail.length];
        System.arraycopy(head, 0, out, 0, head.length);
        System.arraycopy(body, 0, out, head.length, body.length);
        System.arraycopy(tail, 0, out, head.length + body.length, tail.length);
        return out;
    }

    private static String status(Entry e) {
        String s = e.state().enhancedStatus();
        if (s.matches("[245]\\.\\d{1,3}\\.\\d{1,3}")) {
            return s;
        }
        return switch (e.action()) {
            case FAILED -> "5.0.0";
            case DELAYED -> "4.0.0";
            case RELAYED -> "2.0.0";
        };
    }

    private static String human(Action a) {
        return switch (a) {
            case FAILED -> "Delivery failed, given up";
            case DELAYED -> "Delivery delayed, still trying";
            case RELAYED -> "Relayed to a server that sends no delivery reports";
        };
    }

    /**
     * boundary - the MIME boundary: the DSN's id (unique: it holds the queue id) and our host name, cut to RFC 2046's
     * 70 characters (§5.1.1), which a long host name would pass.
     */
    static String boundary(String dsnId, String mta) {
        String b = dsnId + "/" + mta;
        return b.length() <= MAX_BOUNDARY ? b : b.substring(0, MAX_BOUNDARY);
    }

    /** originalRecipient - an ORCPT value, "addr-type;xtext", with its address decoded for the report. */
    static String originalRecipient(String orcpt) {
        int semi = orcpt.indexOf(';');
        return semi < 0 ? orcpt : orcpt.substring(0, semi + 1) + Xtext.decode(orcpt.substring(semi + 1));
    }

    private static boolean eightBit(byte[] content) {
        for (byte octet : content) {
            if (octet < 0) {
                return true;
            }
        }
        return false;
    }

    /** headers - the header section of a message (up to the first empty line). */
    static byte[] headers(byte[] content) {
        for (int i = 0; i + 3 < content.length; i++) {
            if (content[i] == '\r' && content[i + 1] == '\n' && content[i + 2] == '\r' && content[i + 3] == '\n') {
                return java.util.Arrays.copyOf(content, i + 2);
            }
        }
        return content;
    }

    /**
     * diagnosticType - RFC 3464 §2.3.6: "smtp" says the diagnostic is an SMTP reply (code, text); our own reasons
     * (a DNS or DANE failure, an expiry, a refusal sentence) are {@code X-mxguard}, as Postfix writes X-Postfix.
     */
    static String diagnosticType(String reason) {
        return SMTP_REPLY.matcher(reason).matches() ? "smtp" : "X-mxguard";
    }

    /**
     * reason - a reason as US-ASCII text (RFC 3464 §2.1: the status fields are US-ASCII; the text part says
     * so too): {@link #clean}, then every other character is "?", so the 900 characters are 900 octets.
     */
    private static String reason(String s) {
        return clean(s).replaceAll("[^\\x20-\\x7e]", "?");
    }

    /** clean - one header-safe line: no CR/LF, no other controls, at most 900 characters. */
    private static String clean(String s) {
        String one = s.replaceAll("[\\x00-\\x1f\\x7f]", " ");
        return one.length() > 900 ? one.substring(0, 900) : one;
    }
}
