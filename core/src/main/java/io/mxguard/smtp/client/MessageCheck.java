package io.mxguard.smtp.client;

import java.io.ByteArrayOutputStream;
import java.util.Optional;

/**
 * MessageCheck - what a message and its envelope need from the server, and whether they are safe
 * to put on the wire at all. Pure functions.
 */
final class MessageCheck {
    // RFC 5321 §4.5.3.1.6: a text line is at most 1000 octets including CRLF.
    static final int MAX_LINE = 1000;

    private MessageCheck() {
    }

    /** What the message needs. */
    record Needs(boolean eightBit, boolean utf8Addresses) {
    }

    /**
     * problem - why the message cannot be sent as given, or empty: bare CR or LF (the smuggling
     * class, CVE-2023-51764: we never put on the wire what a receiver might read as end of data) or
     * a line longer than RFC 5321 allows.
     */
    static Optional<String> problem(byte[] message) {
        int lineStart = 0;
        for (int i = 0; i < message.length; i++) {
            byte b = message[i];
            if (b == '\r') {
                if (i + 1 >= message.length || message[i + 1] != '\n') {
                    return Optional.of("the message has a bare CR at offset " + i + "; lines must end in CRLF");
                }
                if (i + 2 - lineStart > MAX_LINE) {
                    return Optional.of("the message has a line longer than " + MAX_LINE + " octets at offset "
                            + lineStart + " (RFC 5321 §4.5.3.1.6)");
                }
                i++;
                lineStart = i + 1;
            } else if (b == '\n') {
                return Optional.of("the message has a bare LF at offset " + i + "; lines must end in CRLF");
            }
        }
        if (message.length - lineStart + 2 > MAX_LINE) {
            return Optional.of("the message's last line is longer than " + MAX_LINE + " octets (RFC 5321 §4.5.3.1.6)");
        }
        return Optional.empty();
    }

    /** addressProblem - why an envelope address would break the command line it goes into, or empty. */
    static Optional<String> addressProblem(String address) {
        for (int i = 0; i < address.length(); i++) {
            char c = address.charAt(i);
            if (c < 0x20 || c == 0x7f || c == ' ' || c == '<' || c == '>') {
                return Optional.of("the address \"" + address.replaceAll("\\p{Cntrl}", "?")
                        + "\" contains a space, control character or angle bracket");
            }
        }
        if (address.length() > 256) {
            // RFC 5321 §4.5.3.1.3: a path is at most 256 octets including the brackets.
            return Optional.of("the address is longer than RFC 5321 §4.5.3.1.3 allows");
        }
        return Optional.empty();
    }

    static Needs needs(byte[] message, Envelope envelope) {
        boolean eightBit = false;
        for (byte b : message) {
            if (b < 0) {
                eightBit = true;
                break;
            }
        }
        boolean utf8 = nonAscii(envelope.mailFrom()) || envelope.recipients().stream().anyMatch(MessageCheck::nonAscii);
        return new Needs(eightBit, utf8);
    }

    static boolean nonAscii(String s) {
        return s.chars().anyMatch(c -> c > 0x7f);
    }

    /**
     * dataBlock - the message as sent after 354: dot-stuffed (RFC 5321 §4.5.2), ending in CRLF, then
     * the terminating ".". The input must have passed {@link #problem}.
     */
    static byte[] dataBlock(byte[] message) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(message.length + message.length / 64 + 8);
        boolean lineStart = true;
        for (byte b : message) {
            if (lineStart && b == '.') {
                out.write('.');
            }
            out.write(b);
            lineStart = b == '\n';
        }
        if (message.length > 0 && !lineStart) {
            out.write('\r');
            out.write('\n');
        }
        out.write('.');
        out.write('\r');
        out.write('\n');
        return out.toByteArray();
    }
}
