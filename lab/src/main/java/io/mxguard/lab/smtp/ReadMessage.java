package io.mxguard.lab.smtp;

import java.time.Instant;
import java.util.List;

/**
 * ReadMessage - a message a {@link StartTlsStripper} read in passing, in plaintext: the "attacker read
 * it" evidence. The envelope is what the client sent, whether or not the server accepted it.
 *
 * @param connection the stripper's sequence number of the connection
 * @param mailFrom   the reverse path of the last MAIL FROM, without brackets ("" if none was seen)
 * @param rcptTo     the forward paths of the RCPT TOs since then
 * @param data       the message between DATA's 354 and the final ".", dot-unstuffed, line ends as sent
 * @param truncated  the message passed the stripper's bound; {@code data} holds its start
 * @param at         when the final "." passed
 */
public record ReadMessage(int connection, String mailFrom, List<String> rcptTo, byte[] data, boolean truncated,
                          Instant at) {
    public ReadMessage {
        rcptTo = List.copyOf(rcptTo);
        data = data.clone();
    }

    @Override
    public byte[] data() {
        return data.clone();
    }
}
