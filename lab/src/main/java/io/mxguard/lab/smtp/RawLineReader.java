package io.mxguard.lab.smtp;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * RawLineReader - splits a byte stream into lines exactly as they arrived, terminator included, for a
 * proxy that must pass bytes on unchanged. A line ends at LF (CRLF, or a bare LF: the proxy does not
 * judge); a line longer than the bound comes back in pieces of at most {@code maxLine} octets.
 */
final class RawLineReader {
    private final InputStream in;
    private final int maxLine;
    private final byte[] buf = new byte[8192];
    private int pos;
    private int lim;

    RawLineReader(InputStream in, int maxLine) {
        if (maxLine < 2) {
            throw new IllegalArgumentException("maxLine must allow CRLF");
        }
        this.in = in;
        this.maxLine = maxLine;
    }

    /** readLine - the next line with its LF, or a piece of one (no LF at the end), or null at end of stream. */
    byte[] readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(128);
        while (true) {
            if (pos == lim) {
                int n = in.read(buf);
                if (n <= 0) {
                    return line.size() == 0 ? null : line.toByteArray();
                }
                pos = 0;
                lim = n;
            }
            int start = pos;
            int room = maxLine - line.size();
            while (pos < lim && pos - start < room && buf[pos] != '\n') {
                pos++;
            }
            if (pos < lim && pos - start < room && buf[pos] == '\n') {
                pos++;
                line.write(buf, start, pos - start);
                return line.toByteArray();
            }
            line.write(buf, start, pos - start);
            if (line.size() >= maxLine) {
                return line.toByteArray();
            }
        }
    }

    /** hasBuffered - more input already read, so the caller need not flush before the next line. */
    boolean hasBuffered() {
        return pos < lim;
    }

    /** complete - whether a piece from {@link #readLine} ends its line. */
    static boolean complete(byte[] line) {
        return line.length > 0 && line[line.length - 1] == '\n';
    }

    /** text - a line for a transcript: without its terminator, control and non-ASCII bytes escaped, at most 512 chars. */
    static String text(byte[] line) {
        int end = line.length;
        if (end > 0 && line[end - 1] == '\n') {
            end--;
        }
        if (end > 0 && line[end - 1] == '\r') {
            end--;
        }
        StringBuilder sb = new StringBuilder(Math.min(end, 512));
        int i = 0;
        for (; i < end && sb.length() < 512; i++) {
            int b = line[i] & 0xff;
            if (b >= 0x20 && b < 0x7f && b != '\\') {
                sb.append((char) b);
            } else {
                sb.append(String.format("\\x%02x", b));
            }
        }
        return i < end ? sb + "..." : sb.toString();
    }
}
