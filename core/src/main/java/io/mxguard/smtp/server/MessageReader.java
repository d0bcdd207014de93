package io.mxguard.smtp.server;

import io.mxguard.smtp.Reply;
import io.mxguard.smtp.SmtpLineReader;
import io.mxguard.smtp.SmtpProtocolException;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;

/**
 * MessageReader - reads the text after DATA's 354 up to CRLF.CRLF (RFC 5321 §4.1.1.4), dot-unstuffed
 * (§4.5.2), never keeping more than the size limit.
 *
 * <p>Outcomes: {@link Complete} with the content; {@link Rejected} with the reply and whether the
 * session must end. A bare CR or LF anywhere (the SMTP smuggling class, CVE-2023-51764) rejects the
 * whole message with 550 5.6.11 and ends the session: once a peer and we may disagree on where the
 * message ended, nothing more it sends can be trusted as a command. A line longer than 1000 octets
 * (§4.5.3.1.6) or a message over the limit is read to its end and refused (500 5.5.2, 552 5.3.4); the
 * session goes on. Discarding is bounded too: past twice the limit the session ends. The text kept is
 * taken from the server's {@link MessageMemory} as it is read; when that is spent the message is read to
 * its end, kept nowhere, and refused with 452 4.3.1 (the session goes on).
 */
final class MessageReader {
    /** RFC 5321 §4.5.3.1.6: a text line is at most 1000 octets with its CRLF. */
    static final int MAX_TEXT_LINE = 1000;

    sealed interface Outcome {
    }

    /** Complete - the content, and the octets it holds of the server's {@link MessageMemory}: release them. */
    record Complete(byte[] content, long reserved) implements Outcome {
    }

    record Rejected(Reply reply, boolean endSession) implements Outcome {
    }

    private MessageReader() {
    }

    /**
     * read - the message from {@code lines}, whose maximum must be at least {@link #MAX_TEXT_LINE}, holding
     * what it keeps in {@code memory} (given back on every outcome but {@link Complete}).
     *
     * @throws EOFException the client went away inside the message; nothing is kept
     * @throws IOException  a read failed or timed out
     */
    static Outcome read(SmtpLineReader lines, long maxSize, MessageMemory memory) throws IOException {
        Reservation held = new Reservation(memory);
        try {
            Outcome outcome = read(lines, maxSize, held);
            if (outcome instanceof Complete) {
                held = null; // the caller releases it
            }
            return outcome;
        } finally {
            if (held != null) {
                held.release();
            }
        }
    }

    /** Reservation - what one message holds of the memory; once refused, it takes no more. */
    private static final class Reservation {
        private final MessageMemory memory;
        long octets;
        boolean refused;

        Reservation(MessageMemory memory) {
            this.memory = memory;
        }

        boolean take(long n) {
            if (!refused && memory.reserve(n)) {
                octets += n;
                return true;
            }
            refused = true;
            return false;
        }

        void release() {
            memory.release(octets);
            octets = 0;
        }
    }

    private static Outcome read(SmtpLineReader lines, long maxSize, Reservation held) throws IOException {
        // The message is held in memory up to the size limit, within the server-wide budget (MessageMemory);
        // spooling to disk while reading would lift that, but MessageStore.enqueue takes one array.
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        long received = 0;
        boolean lineTooLong = false;
        while (true) {
            byte[] line;
            try {
                line = lines.readLine();
            } catch (SmtpProtocolException e) {
                return switch (e.violation()) {
                    case BARE_LF, BARE_CR -> new Rejected(Reply.of(550,
                            "5.6.11 message refused: bare CR or LF in message text (RFC 5321 §2.3.8); closing"), true);
                    default -> new Rejected(Reply.of(500,
                            "5.5.2 message refused: text line longer than " + MAX_TEXT_LINE + " octets; closing"), true);
                };
            }
            if (line == null) {
                throw new EOFException("connection closed inside DATA");
            }
            if (line.length == 1 && line[0] == '.') {
                break;
            }
            received += line.length + 2L;
            if (line.length + 2 > MAX_TEXT_LINE) {
                lineTooLong = true;
            }
            if (received > 2 * maxSize) {
                return new Rejected(Reply.of(552, "5.3.4 message size exceeds fixed limit; closing"), true);
            }
            if (received <= maxSize && !lineTooLong) {
                // RFC 5321 §4.5.2: drop the first of a leading dot's pair.
                int from = line.length > 0 && line[0] == '.' ? 1 : 0;
                if (held.take(line.length - from + 2L)) {
                    content.write(line, from, line.length - from);
                    content.write('\r');
                    content.write('\n');
                } else if (content.size() > 0) {
                    held.release(); // no room: keep nothing, hold nothing while the rest is read
                    content = new ByteArrayOutputStream();
                }
            }
        }
        if (lineTooLong) {
            return new Rejected(Reply.of(500, "5.5.2 message refused: text line longer than "
                    + MAX_TEXT_LINE + " octets"), false);
        }
        if (received > maxSize) {
            return new Rejected(Reply.of(552, "5.3.4 message size exceeds fixed limit of " + maxSize + " octets"), false);
        }
        if (held.refused) {
            return new Rejected(Reply.of(452, "4.3.1 insufficient system storage: too many messages being received "
                    + "at once; try again later"), false);
        }
        return new Complete(content.toByteArray(), held.octets);
    }
}
