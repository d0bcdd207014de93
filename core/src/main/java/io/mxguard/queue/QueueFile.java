package io.mxguard.queue;

import io.mxguard.smtp.DsnNotify;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * QueueFile - the on-disk record format of one message, one file per message.
 *
 * <pre>
 * mxguard-queue 1
 * id 0192a3b4c5d6-9f3a1b2c4d5e6f70
 * arrival 2024-05-01T10:00:00Z
 * next 2024-05-01T10:05:00Z
 * attempts 1
 * delay-notified false
 * sender alice@source.com
 * envid -
 * ret DEFAULT
 * requiretls false
 * received-from smtp.source.com%20[127.0.0.1]
 * rcpt bob@destination.com DEFERRED FAILURE,DELAY - 4.7.5 2024-05-01T10:00:00Z no%20MX%20host%20...
 * content 1234
 * ...exactly 1234 bytes...
 * END
 * </pre>
 *
 * Header lines are {@code key value}; values are percent-encoded (every byte outside printable
 * ASCII, space and {@code %}), {@code -} stands for empty. A {@code rcpt} line is address, status,
 * NOTIFY set, ORCPT, enhanced status, last attempt, last reason. After the content comes a newline
 * and {@code END}; a file without it, with trailing bytes, or with an unknown version is rejected
 * (Postfix habit: a queue file without its END record is incomplete).
 */
final class QueueFile {
    static final String MAGIC = "mxguard-queue";
    static final int VERSION = 1;
    private static final byte[] END = "\nEND\n".getBytes(StandardCharsets.US_ASCII);

    private QueueFile() {
    }

    /** Malformed - why a file is not a readable queue file. */
    static final class Malformed extends Exception {
        Malformed(String message) {
            super(message);
        }
    }

    /** write - the bytes of a queue file for {@code m}. */
    static byte[] write(QueuedMessage m) {
        StringBuilder h = new StringBuilder();
        QueueEnvelope e = m.envelope();
        line(h, MAGIC, Integer.toString(VERSION));
        line(h, "id", m.id());
        line(h, "arrival", m.arrival().toString());
        line(h, "next", m.nextAttempt().toString());
        line(h, "attempts", Integer.toString(m.attempts()));
        line(h, "delay-notified", Boolean.toString(m.delayNotified()));
        line(h, "sender", enc(e.sender()));
        line(h, "envid", enc(e.envelopeId().orElse("")));
        line(h, "ret", e.ret().name());
        line(h, "requiretls", Boolean.toString(e.requireTls()));
        line(h, "received-from", enc(e.receivedFrom()));
        for (RecipientState r : m.recipients()) {
            String notify = r.recipient().notifyOn().stream().sorted().map(Enum::name)
                    .reduce((a, b) -> a + "," + b).orElse("");
            line(h, "rcpt", String.join(" ", enc(r.address()), r.status().name(), enc(notify),
                    enc(r.recipient().originalRecipient().orElse("")), enc(r.enhancedStatus()),
                    enc(r.lastAttempt().map(Instant::toString).orElse("")), enc(r.reason())));
        }
        line(h, "content", Integer.toString(m.content().length));
        ByteArrayOutputStream out = new ByteArrayOutputStream(h.length() + m.content().length + END.length);
        out.writeBytes(h.toString().getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(m.content());
        out.writeBytes(END);
        return out.toByteArray();
    }

    /** read - parse a whole queue file; any deviation is {@link Malformed}. */
    static QueuedMessage read(byte[] file) throws Malformed {
        Cursor c = new Cursor(file);
        String[] magic = c.line();
        if (magic.length != 2 || !magic[0].equals(MAGIC)) {
            throw new Malformed("not a queue file");
        }
        if (!magic[1].equals(Integer.toString(VERSION))) {
            throw new Malformed("unknown queue file version " + magic[1]);
        }
        String id = c.value("id");
        Instant arrival = instant(c.value("arrival"));
        Instant next = instant(c.value("next"));
        int attempts = integer(c.value("attempts"));
        boolean delayNotified = bool(c.value("delay-notified"));
        String sender = dec(c.value("sender"));
        String envid = dec(c.value("envid"));
        QueueEnvelope.Ret ret = enumValue(QueueEnvelope.Ret.class, c.value("ret"));
        boolean requireTls = bool(c.value("requiretls"));
        String receivedFrom = dec(c.value("received-from"));
        List<RecipientState> recipients = new ArrayList<>();
        String[] kv = c.line();
        while (kv[0].equals("rcpt")) {
            recipients.add(recipient(kv));
            kv = c.line();
        }
        if (kv.length != 2 || !kv[0].equals("content")) {
            throw new Malformed("expected content, got " + kv[0]);
        }
        int length = integer(kv[1]);
        byte[] content = c.bytes(length);
        c.expectEnd();
        if (recipients.isEmpty()) {
            throw new Malformed("no recipients");
        }
        QueueEnvelope envelope = new QueueEnvelope(sender, recipients.stream().map(RecipientState::recipient).toList(),
                envid.isEmpty() ? Optional.empty() : Optional.of(envid), ret, requireTls, receivedFrom);
        return new QueuedMessage(id, envelope, recipients, arrival, next, attempts, delayNotified, content);
    }

    private static RecipientState recipient(String[] kv) throws Malformed {
        String[] f = kv.length == 2 ? kv[1].split(" ", -1) : new String[0];
        if (f.length != 7) {
            throw new Malformed("bad rcpt line");
        }
        Set<DsnNotify> notify = EnumSet.noneOf(DsnNotify.class);
        for (String n : dec(f[2]).split(",")) {
            if (!n.isEmpty()) {
                notify.add(enumValue(DsnNotify.class, n));
            }
        }
        String orcpt = dec(f[3]);
        String last = dec(f[5]);
        QueueEnvelope.Recipient r = new QueueEnvelope.Recipient(dec(f[0]), notify,
                orcpt.isEmpty() ? Optional.empty() : Optional.of(orcpt));
        return new RecipientState(r, enumValue(RecipientState.Status.class, f[1]), dec(f[4]), dec(f[6]),
                last.isEmpty() ? Optional.empty() : Optional.of(instant(last)));
    }

    private static void line(StringBuilder h, String key, String value) {
        h.append(key).append(' ').append(value).append('\n');
    }

    /** enc - percent-encode a value so that it is one space-free printable ASCII token. */
    static String enc(String s) {
        if (s.isEmpty()) {
            return "-";
        }
        StringBuilder b = new StringBuilder();
        for (byte x : s.getBytes(StandardCharsets.UTF_8)) {
            int u = x & 0xff;
            if (u > 0x20 && u < 0x7f && u != '%' && !(s.equals("-"))) {
                b.append((char) u);
            } else {
                b.append('%').append(String.format("%02X", u));
            }
        }
        return b.toString();
    }

    static String dec(String s) throws Malformed {
        if (s.equals("-")) {
            return "";
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch == '%') {
                if (i + 2 >= s.length()) {
                    throw new Malformed("truncated escape");
                }
                try {
                    out.write(Integer.parseInt(s.substring(i + 1, i + 3), 16));
                } catch (NumberFormatException ex) {
                    throw new Malformed("bad escape");
                }
                i += 2;
            } else {
                out.write(ch);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static Instant instant(String s) throws Malformed {
        try {
            return Instant.parse(s);
        } catch (DateTimeParseException e) {
            throw new Malformed("bad time " + s);
        }
    }

    private static int integer(String s) throws Malformed {
        try {
            int v = Integer.parseInt(s);
            if (v < 0) {
                throw new Malformed("negative number " + s);
            }
            return v;
        } catch (NumberFormatException e) {
            throw new Malformed("bad number " + s);
        }
    }

    private static boolean bool(String s) throws Malformed {
        if (s.equals("true") || s.equals("false")) {
            return s.equals("true");
        }
        throw new Malformed("bad boolean " + s);
    }

    private static <E extends Enum<E>> E enumValue(Class<E> type, String s) throws Malformed {
        try {
            return Enum.valueOf(type, s);
        } catch (IllegalArgumentException e) {
            throw new Malformed("bad " + type.getSimpleName() + " " + s);
        }
    }

    /** Cursor - reads header lines, then raw bytes, from a file held in memory. */
    private static final class Cursor {
        private static final int MAX_LINE = 64 * 1024;
        private final byte[] b;
        private int pos;

        Cursor(byte[] b) {
            this.b = b;
        }

        String[] line() throws Malformed {
            int start = pos;
            while (pos < b.length && b[pos] != '\n') {
                if (b[pos] < 0x20 || b[pos] > 0x7e || pos - start > MAX_LINE) {
                    throw new Malformed("garbage in header");
                }
                pos++;
            }
            if (pos >= b.length) {
                throw new Malformed("truncated header (no END)");
            }
            String text = new String(b, start, pos - start, StandardCharsets.US_ASCII);
            pos++;
            return text.split(" ", 2);
        }

        String value(String key) throws Malformed {
            String[] kv = line();
            if (kv.length != 2 || !kv[0].equals(key)) {
                throw new Malformed("expected " + key + ", got " + kv[0]);
            }
            return kv[1];
        }

        byte[] bytes(int n) throws Malformed {
            if (b.length - pos < n) {
                throw new Malformed("truncated content (no END)");
            }
            byte[] out = java.util.Arrays.copyOfRange(b, pos, pos + n);
            pos += n;
            return out;
        }

        void expectEnd() throws Malformed {
            if (b.length - pos != END.length || !java.util.Arrays.equals(b, pos, b.length, END, 0, END.length)) {
                throw new Malformed("no END record");
            }
        }
    }
}
