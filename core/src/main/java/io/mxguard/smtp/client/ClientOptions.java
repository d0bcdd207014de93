package io.mxguard.smtp.client;

import io.mxguard.smtp.SmtpReplyReader;
import java.time.Duration;
import java.util.Objects;
import javax.net.SocketFactory;

/**
 * ClientOptions - timeouts and bounds of one SMTP client session.
 *
 * <p>The defaults are RFC 5321 §4.5.3.2's minimum timeouts; tests shorten them. Each timeout is a
 * deadline for the whole reply (or the whole write), not per read, so a server dripping one byte at
 * a time cannot stretch it.
 *
 * @param socketFactory      makes the plain TCP socket (the lab may swap it)
 * @param connectTimeout     TCP connect
 * @param greetingTimeout    initial 220 (§4.5.3.2.1: 5 minutes)
 * @param ehloTimeout        EHLO/HELO, STARTTLS, RSET, NOOP replies (5 minutes, as MAIL)
 * @param tlsHandshakeTimeout the TLS handshake after 220 to STARTTLS
 * @param mailTimeout        MAIL FROM reply (§4.5.3.2.2: 5 minutes)
 * @param rcptTimeout        each RCPT TO reply (§4.5.3.2.3: 5 minutes)
 * @param dataInitTimeout    354 after DATA (§4.5.3.2.4: 2 minutes)
 * @param dataBlockTimeout   each write of message data (§4.5.3.2.5: 3 minutes)
 * @param dataTermTimeout    final reply after "." (§4.5.3.2.6: 10 minutes)
 * @param quitTimeout        221 after QUIT (we do not wait long for a goodbye)
 * @param maxReplyLineLength longest reply line in octets incl. CRLF (RFC 5321 says 512; we allow more)
 * @param maxReplyLines      most lines in one multi-line reply
 * @param maxReplyBytes      most octets in one reply
 */
public record ClientOptions(SocketFactory socketFactory, Duration connectTimeout, Duration greetingTimeout,
                            Duration ehloTimeout, Duration tlsHandshakeTimeout, Duration mailTimeout,
                            Duration rcptTimeout, Duration dataInitTimeout, Duration dataBlockTimeout,
                            Duration dataTermTimeout, Duration quitTimeout, int maxReplyLineLength,
                            int maxReplyLines, int maxReplyBytes) {

    public ClientOptions {
        Objects.requireNonNull(socketFactory, "socketFactory");
        for (Duration d : new Duration[] {connectTimeout, greetingTimeout, ehloTimeout, tlsHandshakeTimeout,
                mailTimeout, rcptTimeout, dataInitTimeout, dataBlockTimeout, dataTermTimeout, quitTimeout}) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("every timeout must be positive");
            }
        }
        if (maxReplyLineLength < 512 || maxReplyLines < 1 || maxReplyBytes < maxReplyLineLength) {
            throw new IllegalArgumentException("reply bounds must allow at least one 512-octet line (RFC 5321 §4.5.3.1.5)");
        }
    }

    /** defaults - RFC 5321 §4.5.3.2 timeouts, a 30 s connect timeout, the system socket factory. */
    public static ClientOptions defaults() {
        return new ClientOptions(SocketFactory.getDefault(), Duration.ofSeconds(30), Duration.ofMinutes(5),
                Duration.ofMinutes(5), Duration.ofMinutes(2), Duration.ofMinutes(5), Duration.ofMinutes(5),
                Duration.ofMinutes(2), Duration.ofMinutes(3), Duration.ofMinutes(10), Duration.ofSeconds(30),
                SmtpReplyReader.DEFAULT_MAX_LINE_LENGTH, SmtpReplyReader.DEFAULT_MAX_LINES,
                SmtpReplyReader.DEFAULT_MAX_REPLY_BYTES);
    }

    /** withAllTimeouts - every timeout set to {@code d} (tests, probes). */
    public ClientOptions withAllTimeouts(Duration d) {
        return new ClientOptions(socketFactory, d, d, d, d, d, d, d, d, d, d, maxReplyLineLength, maxReplyLines,
                maxReplyBytes);
    }

    public ClientOptions withGreetingTimeout(Duration d) {
        return new ClientOptions(socketFactory, connectTimeout, d, ehloTimeout, tlsHandshakeTimeout, mailTimeout,
                rcptTimeout, dataInitTimeout, dataBlockTimeout, dataTermTimeout, quitTimeout, maxReplyLineLength,
                maxReplyLines, maxReplyBytes);
    }

    public ClientOptions withSocketFactory(SocketFactory factory) {
        return new ClientOptions(factory, connectTimeout, greetingTimeout, ehloTimeout, tlsHandshakeTimeout,
                mailTimeout, rcptTimeout, dataInitTimeout, dataBlockTimeout, dataTermTimeout, quitTimeout,
                maxReplyLineLength, maxReplyLines, maxReplyBytes);
    }

    public ClientOptions withReplyBounds(int lineLength, int lines, int bytes) {
        return new ClientOptions(socketFactory, connectTimeout, greetingTimeout, ehloTimeout, tlsHandshakeTimeout,
                mailTimeout, rcptTimeout, dataInitTimeout, dataBlockTimeout, dataTermTimeout, quitTimeout,
                lineLength, lines, bytes);
    }
}
