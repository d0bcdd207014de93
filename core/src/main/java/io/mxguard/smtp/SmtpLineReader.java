package io.mxguard.smtp;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Objects;

/**
 * SmtpLineReader - reads CRLF-terminated lines from a stream, never more than a maximum length.
 *
 * <p>The maximum counts the CRLF, as RFC 5321 §4.5.3.1 does. In {@link Mode#STRICT} (servers, and
 * anything inside DATA) a line must end in CRLF and contain no other CR or LF: bare LF and bare CR
 * are the "SMTP smuggling" class (CVE-2023-51764) and are refused. {@link Mode#LENIENT_LF} also
 * accepts a bare LF as a line end, which some servers send in replies; a bare CR is still refused.
 * Not thread-safe: one reader per connection direction.
 */
public final class SmtpLineReader {

    /** How a line must end. */
    public enum Mode { STRICT, LENIENT_LF }

    private static final byte CR = '\r';
    private static final byte LF = '\n';

    private final InputStream in;
    private final int maxLineLength;
    private final Mode mode;
    private final byte[] buffer = new byte[8192];
    private int pos;
    private int limit;

    /**
     * @param in            the source; read in chunks, so bytes past the current line stay buffered here
     * @param maxLineLength the longest acceptable line in octets including CRLF (required: RFC 5321 §4.5.3.1)
     * @param mode          whether a bare LF may end a line
     */
    public SmtpLineReader(InputStream in, int maxLineLength, Mode mode) {
        this.in = Objects.requireNonNull(in, "in");
        if (maxLineLength < 3) {
            throw new IllegalArgumentException("maxLineLength must leave room for text and CRLF: " + maxLineLength);
        }
        this.maxLineLength = maxLineLength;
        this.mode = Objects.requireNonNull(mode, "mode");
    }

    public int maxLineLength() {
        return maxLineLength;
    }

    /**
     * readLine - the next line without its terminator, or null at a clean end of stream.
     *
     * @throws EOFException           the stream ended inside a line
     * @throws SmtpProtocolException  the line is too long or has a bare CR/LF
     */
    public byte[] readLine() throws IOException {
        byte[] line = new byte[Math.min(maxLineLength, 256)];
        int length = 0;
        while (true) {
            if (pos == limit && !fill()) {
                if (length == 0) {
                    return null;
                }
                throw new EOFException("connection closed in the middle of a line");
            }
            byte b = buffer[pos++];
            if (b == LF) {
                boolean crlf = length > 0 && line[length - 1] == CR;
                if (!crlf && mode == Mode.STRICT) {
                    throw new SmtpProtocolException(SmtpProtocolException.Violation.BARE_LF,
                            "line ends in a bare LF, not CRLF");
                }
                int textLength = crlf ? length - 1 : length;
                return Arrays.copyOf(line, textLength);
            }
            if (length > 0 && line[length - 1] == CR) {
                throw new SmtpProtocolException(SmtpProtocolException.Violation.BARE_CR,
                        "line contains a bare CR not followed by LF");
            }
            // The byte being added plus the LF still to come must fit within the limit.
            if (length + 2 > maxLineLength) {
                throw new SmtpProtocolException(SmtpProtocolException.Violation.LINE_TOO_LONG,
                        "line longer than " + maxLineLength + " octets");
            }
            if (length == line.length) {
                line = Arrays.copyOf(line, Math.min(maxLineLength, line.length * 2));
            }
            line[length++] = b;
        }
    }

    /**
     * hasBufferedInput - whether bytes beyond the last line were already received. After a STARTTLS
     * reply this means the peer sent data before the handshake (RFC 3207 §4.2, CVE-2011-0411).
     */
    public boolean hasBufferedInput() {
        return pos < limit;
    }

    /** buffered - how many received bytes wait beyond the last line read. */
    public int buffered() {
        return limit - pos;
    }

    private boolean fill() throws IOException {
        int n = in.read(buffer, 0, buffer.length);
        if (n <= 0) {
            return false;
        }
        pos = 0;
        limit = n;
        return true;
    }
}
