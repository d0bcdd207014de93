package io.mxguard.lab.sender;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * LabMessage - the lab's one message, from alice@source.com to bob@destination.com, with a marker that is
 * unique per send so a scenario can find exactly this message at Bob's and at the attacker's server.
 *
 * @param marker  the unique marker, also the local part of the Message-ID
 * @param content the message, CRLF line ends
 */
public record LabMessage(String marker, byte[] content) {
    public static final String FROM = "alice@source.com";
    public static final String TO = "bob@destination.com";
    public static final String SUBJECT = "Quarterly numbers";
    /** The header that carries the marker. */
    public static final String MARKER_HEADER = "X-Mxguard-Lab-Marker";

    public LabMessage {
        content = content.clone();
    }

    @Override
    public byte[] content() {
        return content.clone();
    }

    /** fresh - the message with a new random marker. */
    public static LabMessage fresh() {
        String marker = "lab-" + UUID.randomUUID();
        String text = "From: " + FROM + "\r\n"
                + "To: " + TO + "\r\n"
                + "Subject: " + SUBJECT + "\r\n"
                + "Message-ID: <" + marker + "@source.com>\r\n"
                + MARKER_HEADER + ": " + marker + "\r\n"
                + "\r\n"
                + "The numbers are good.\r\n";
        return new LabMessage(marker, text.getBytes(StandardCharsets.US_ASCII));
    }

    /** carries - true when {@code data} (a message as a server received it) has the header with {@code marker}. */
    public static boolean carries(byte[] data, String marker) {
        String text = new String(data, StandardCharsets.US_ASCII);
        int end = text.indexOf("\r\n\r\n");
        String headers = end < 0 ? text : text.substring(0, end + 2);
        return headers.contains("\r\n" + MARKER_HEADER + ": " + marker + "\r\n")
                || headers.startsWith(MARKER_HEADER + ": " + marker + "\r\n");
    }
}
