package io.mxguard.report;

import io.mxguard.delivery.RecipientOutcome;
import io.mxguard.delivery.RouteUsed;
import io.mxguard.delivery.TlsOutcome;
import io.mxguard.policy.Assurance;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * DeliveryLog - one log line per recipient per delivery attempt, for mail admins and log tools.
 *
 * <p>{@link #text} is Postfix's smtp(8) line, so existing log parsers (pflogsumm, fail2ban
 * filters) find the fields they know:
 * {@code QUEUEID: to=<bob@destination.com>, relay=mx.destination.com[127.0.10.25]:25, delay=1.2,
 * tls=Verified (DANE-EE) TLSv1.3, dsn=2.0.0, status=sent (250 2.0.0 Ok)}.
 * {@link #json} is the same as one JSON object on one line. Pure functions; thread-safe.
 */
public final class DeliveryLog {

    /** Format - how {@code log.format} / {@code --log-format} spells the two forms. */
    public enum Format {
        TEXT, JSON;

        /** parse - "text" or "json", any case; empty for anything else. */
        public static Optional<Format> parse(String s) {
            for (Format f : values()) {
                if (f.name().equalsIgnoreCase(s)) {
                    return Optional.of(f);
                }
            }
            return Optional.empty();
        }
    }

    private DeliveryLog() {
    }

    /** line - {@link #text} or {@link #json}, as {@code format} says. */
    public static String line(Format format, String queueId, RecipientOutcome outcome, Duration delay) {
        return line(format, queueId, outcome, delay, false);
    }

    /**
     * line - as above; {@code expired}: this attempt deferred the recipient past the queue lifetime, so the queue
     * bounced it, and the status says {@code expired} (Postfix's word: "status=expired, returned to sender").
     */
    public static String line(Format format, String queueId, RecipientOutcome outcome, Duration delay,
                              boolean expired) {
        return format == Format.JSON ? json(queueId, outcome, delay, expired) : text(queueId, outcome, delay, expired);
    }

    /** text - the Postfix-style line; {@code delay} is the time since the message arrived. */
    public static String text(String queueId, RecipientOutcome outcome, Duration delay) {
        return text(queueId, outcome, delay, false);
    }

    private static String text(String queueId, RecipientOutcome outcome, Duration delay, boolean expired) {
        return queueId + ": to=<" + clean(outcome.recipient()) + ">, relay="
                + outcome.route().map(RouteUsed::relay).orElse("none")
                + ", delay=" + seconds(delay)
                + ", tls=" + outcome.route().map(u -> tls(u.tls())).orElse("None")
                + ", dsn=" + dsn(outcome)
                + ", status=" + status(outcome.status(), expired) + " (" + clean(outcome.reason()) + ")";
    }

    /** json - the same fields as one JSON object, plus the route's parts and whose fault a failure is. */
    public static String json(String queueId, RecipientOutcome outcome, Duration delay) {
        return json(queueId, outcome, delay, false);
    }

    private static String json(String queueId, RecipientOutcome outcome, Duration delay, boolean expired) {
        Json j = new Json();
        j.string("queueId", queueId);
        j.string("to", outcome.recipient());
        Optional<RouteUsed> route = outcome.route();
        j.string("relay", route.map(RouteUsed::relay).orElse("none"));
        route.ifPresent(u -> {
            j.string("mx", u.host().toString(true));
            j.string("address", u.address().getAddress().getHostAddress());
            j.number("port", Integer.toString(u.address().getPort()));
        });
        j.number("delay", seconds(delay));
        TlsOutcome tls = route.map(RouteUsed::tls).orElse(TlsOutcome.NONE);
        j.string("tls", tls.level().label());
        if (tls.level() != Assurance.NONE) {
            j.string("tlsAuthentication", tls.how());
            j.string("tlsProtocol", tls.protocol());
            j.string("tlsCipher", tls.cipher());
        }
        j.string("dsn", dsn(outcome));
        j.string("status", status(outcome.status(), expired));
        j.string("reason", outcome.reason());
        j.string("fault", outcome.fault().name().toLowerCase(Locale.ROOT));
        return j.close();
    }

    /** status - Postfix's words: sent, deferred, bounced; expired for a bounce because the queue lifetime ended. */
    static String status(RecipientOutcome.Status s, boolean expired) {
        if (expired) {
            return "expired";
        }
        return switch (s) {
            case DELIVERED -> "sent";
            case DEFERRED -> "deferred";
            case BOUNCED -> "bounced";
        };
    }

    /** tls - "Verified (DANE-EE) TLSv1.3", "Untrusted TLSv1.2", "None". */
    static String tls(TlsOutcome t) {
        if (t.level() == Assurance.NONE) {
            return "None";
        }
        return t.level().label() + (t.how().isEmpty() ? "" : " (" + t.how() + ")")
                + (t.protocol().isEmpty() ? "" : " " + t.protocol());
    }

    private static String dsn(RecipientOutcome o) {
        return o.enhancedStatus().isEmpty() ? "-" : clean(o.enhancedStatus());
    }

    /** seconds - one decimal, always a dot, as Postfix's delay=. */
    static String seconds(Duration d) {
        long tenths = Math.max(0, d.toMillis()) / 100;
        return (tenths / 10) + "." + (tenths % 10);
    }

    // A reason can carry a remote server's text: one log line must stay one line (log injection).
    private static String clean(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            b.append(c < 0x20 || c == 0x7f ? ' ' : c);
        }
        return b.toString().strip();
    }

    /** Json - a flat JSON object writer (strings and numbers only); core has no JSON library. */
    private static final class Json {
        private final StringBuilder b = new StringBuilder("{");

        void string(String key, String value) {
            field(key);
            quote(value);
        }

        void number(String key, String value) {
            field(key);
            b.append(value);
        }

        String close() {
            return b.append('}').toString();
        }

        private void field(String key) {
            if (b.length() > 1) {
                b.append(',');
            }
            quote(key);
            b.append(':');
        }

        // RFC 8259 §7: quote, backslash and control characters must be escaped.
        private void quote(String s) {
            b.append('"');
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                switch (c) {
                    case '"' -> b.append("\\\"");
                    case '\\' -> b.append("\\\\");
                    case '\n' -> b.append("\\n");
                    case '\r' -> b.append("\\r");
                    case '\t' -> b.append("\\t");
                    default -> {
                        if (c < 0x20 || c == 0x7f || c == 0x2028 || c == 0x2029) {
                            b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                        } else {
                            b.append(c);
                        }
                    }
                }
            }
            b.append('"');
        }
    }
}
