package io.mxguard.lab.smtp;

import java.time.Instant;

/**
 * SeenCommand - one command line a {@link LabMailServer} received (so a test can assert, for example,
 * that no MAIL FROM ever reached it).
 *
 * @param connection    the server's sequence number of the connection
 * @param line          the command line without CRLF
 * @param tls           whether it arrived inside TLS
 * @param moreBuffered  more input had already arrived with it (the client pipelined it, RFC 2920)
 * @param at            when it was read
 */
public record SeenCommand(int connection, String line, boolean tls, boolean moreBuffered, Instant at) {
    /** verb - the command word, upper-case. */
    public String verb() {
        int space = line.indexOf(' ');
        return (space < 0 ? line : line.substring(0, space)).toUpperCase(java.util.Locale.ROOT);
    }
}
