package io.mxguard.smtp;

import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * SmtpReplyReader - reads whole SMTP replies (RFC 5321 §4.2), bounded in lines and bytes.
 *
 * <p>Every line must be {@code ddd-text} (more follow) or {@code ddd text} / {@code ddd} (last),
 * all lines of one reply with the same code. A server that sends garbage, a never-ending
 * multi-line reply, or closes mid-reply gets a {@link SmtpProtocolException} or an
 * {@link EOFException}, never an unbounded buffer. Not thread-safe.
 */
public final class SmtpReplyReader {
    /** Replies are read a bit more leniently than RFC 5321's 512-octet reply line limit. */
    public static final int DEFAULT_MAX_LINE_LENGTH = 2048;
    public static final int DEFAULT_MAX_LINES = 100;
    public static final int DEFAULT_MAX_REPLY_BYTES = 64 * 1024;

    private final SmtpLineReader lines;
    private final int maxLines;
    private final int maxReplyBytes;

    public SmtpReplyReader(SmtpLineReader lines, int maxLines, int maxReplyBytes) {
        this.lines = Objects.requireNonNull(lines, "lines");
        if (maxLines < 1 || maxReplyBytes < 4) {
            throw new IllegalArgumentException("maxLines and maxReplyBytes must allow one reply line");
        }
        this.maxLines = maxLines;
        this.maxReplyBytes = maxReplyBytes;
    }

    /**
     * read - the next reply.
     *
     * @throws EOFException          the connection closed before or inside the reply
     * @throws SmtpProtocolException the reply is malformed or exceeds a bound
     */
    public Reply read() throws IOException {
        List<String> texts = new ArrayList<>();
        int code = -1;
        int bytes = 0;
        while (true) {
            byte[] raw = lines.readLine();
            if (raw == null) {
                throw new EOFException(texts.isEmpty() ? "connection closed while waiting for a reply"
                        : "connection closed in the middle of a multi-line reply");
            }
            bytes += raw.length + 2;
            if (bytes > maxReplyBytes) {
                throw new SmtpProtocolException(SmtpProtocolException.Violation.REPLY_TOO_LARGE,
                        "reply larger than " + maxReplyBytes + " octets");
            }
            int lineCode = parseCode(raw);
            if (code >= 0 && lineCode != code) {
                throw new SmtpProtocolException(SmtpProtocolException.Violation.CODE_MISMATCH,
                        "multi-line reply changes its code from " + code + " to " + lineCode);
            }
            code = lineCode;
            // Reply text is US-ASCII (RFC 5321 §4.2); SMTPUTF8 servers may send UTF-8 (RFC 6531 §3.7.4).
            String text = raw.length > 4 ? new String(raw, 4, raw.length - 4, StandardCharsets.UTF_8) : "";
            texts.add(text);
            boolean last = raw.length == 3 || raw[3] == ' ';
            if (last) {
                return Reply.of(code, texts);
            }
            if (texts.size() >= maxLines) {
                throw new SmtpProtocolException(SmtpProtocolException.Violation.TOO_MANY_LINES,
                        "multi-line reply longer than " + maxLines + " lines");
            }
        }
    }

    /** lineReader - the underlying line reader (to check for buffered input after STARTTLS). */
    public SmtpLineReader lineReader() {
        return lines;
    }

    // RFC 5321 §4.2: Reply-line = *( Reply-code "-" [ textstring ] CRLF ) Reply-code [ SP textstring ] CRLF
    private static int parseCode(byte[] raw) throws SmtpProtocolException {
        if (raw.length < 3 || !digit(raw[0]) || !digit(raw[1]) || !digit(raw[2])
                || (raw.length > 3 && raw[3] != ' ' && raw[3] != '-')) {
            throw new SmtpProtocolException(SmtpProtocolException.Violation.MALFORMED_REPLY,
                    "not an SMTP reply line: \"" + printable(raw) + "\"");
        }
        int code = (raw[0] - '0') * 100 + (raw[1] - '0') * 10 + (raw[2] - '0');
        if (!ReplyCode.isValid(code)) {
            throw new SmtpProtocolException(SmtpProtocolException.Violation.MALFORMED_REPLY,
                    "reply code " + code + " is outside RFC 5321 §4.2");
        }
        return code;
    }

    private static boolean digit(byte b) {
        return b >= '0' && b <= '9';
    }

    /** printable - up to 60 characters of a raw line with control and non-ASCII bytes escaped, for messages. */
    public static String printable(byte[] raw) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < raw.length && sb.length() < 60; i++) {
            int b = raw[i] & 0xff;
            if (b >= 0x20 && b < 0x7f && b != '"' && b != '\\') {
                sb.append((char) b);
            } else {
                sb.append(String.format("\\x%02x", b));
            }
        }
        return raw.length > 60 ? sb + "..." : sb.toString();
    }
}
