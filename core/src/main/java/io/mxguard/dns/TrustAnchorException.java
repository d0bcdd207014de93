package io.mxguard.dns;

/**
 * TrustAnchorException - a trust-anchor file could not be used; the message names the file and line.
 *
 * <p>The message is meant for a mail admin as is ({@code anchors.txt:3: expected DS or DNSKEY
 * record, found A}); callers print it and need no stack trace.
 */
public final class TrustAnchorException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String source;
    private final int line;

    TrustAnchorException(String source, int line, String problem) {
        super(line > 0 ? source + ":" + line + ": " + problem : source + ": " + problem, null, false, false);
        this.source = source;
        this.line = line;
    }

    /** The file (or source label) that was read. */
    public String source() {
        return source;
    }

    /** The 1-based line of the problem, or 0 when it concerns the whole file. */
    public int line() {
        return line;
    }
}
