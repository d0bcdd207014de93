package io.mxguard.lab.smtp;

import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * ReceivedMessage - one message a {@link LabMailServer} accepted, with its envelope and the TLS it came over.
 *
 * @param client   the client's address
 * @param helo     the EHLO/HELO name in effect
 * @param mailFrom the reverse path without brackets
 * @param rcptTo   the accepted forward paths
 * @param data     the message as received, dot-unstuffed, CRLF line ends, without the final "."
 * @param tls      the TLS facts, empty when received in plaintext
 * @param at       when the final 250 was sent
 */
public record ReceivedMessage(InetSocketAddress client, String helo, String mailFrom, List<String> rcptTo, byte[] data,
                              Optional<ServerTls> tls, Instant at) {
    public ReceivedMessage {
        rcptTo = List.copyOf(rcptTo);
        data = data.clone();
    }

    @Override
    public byte[] data() {
        return data.clone();
    }

    /** ServerTls - what the server saw of a client's TLS: protocol, suite, and the SNI it received. */
    public record ServerTls(String protocol, String cipherSuite, Optional<String> sniReceived) {
    }
}
