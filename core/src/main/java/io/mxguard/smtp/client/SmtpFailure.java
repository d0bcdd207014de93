package io.mxguard.smtp.client;

import io.mxguard.smtp.EnhancedStatus;
import io.mxguard.smtp.Reply;
import java.util.Objects;
import java.util.Optional;

/**
 * SmtpFailure - why an SMTP attempt stopped: what kind of failure, at which stage, whether it is
 * permanent, whose fault it is, the enhanced status to report, the server's reply if there was one,
 * and a sentence a mail admin can act on.
 *
 * <p>Everything except a server's 5xx reply and a message we refuse to send is temporary: unknown
 * errors, timeouts and TLS failures defer, they do not bounce.
 */
public record SmtpFailure(Kind kind, Stage stage, boolean permanent, Fault fault, EnhancedStatus status,
                          Optional<Reply> reply, String message) {

    /** What went wrong. */
    public enum Kind {
        /** TCP connect refused, unreachable, or timed out. Temporary, 4.4.1. */
        CONNECT_FAILED,
        /** A reply or a write did not finish within its RFC 5321 §4.5.3.2 timeout. Temporary, 4.4.2. */
        TIMEOUT,
        /** The server broke the protocol: garbage, over-long line, endless reply, injection. Temporary, 4.5.0. */
        PROTOCOL_ERROR,
        /** The connection closed or reset before the exchange finished. Temporary, 4.4.2. */
        CONNECTION_LOST,
        /** TLS is required and the EHLO reply has no STARTTLS (maybe stripped). Temporary, 4.7.4. */
        STARTTLS_NOT_OFFERED,
        /** The TLS handshake failed, including the caller's trust manager rejecting the peer. Temporary, 4.7.5. */
        TLS_HANDSHAKE_FAILED,
        /** The server answered 4yz (temporary) or 5yz (permanent). */
        REJECTED,
        /** The message needs an extension the server lacks (SIZE exceeded, 8BITMIME, SMTPUTF8). Permanent. */
        UNSUPPORTED_BY_SERVER,
        /** The message or envelope given to us is unsafe to send (bare CR/LF, long lines). Permanent, 5.6.0. */
        INVALID_MESSAGE
    }

    /** Where in the session it happened. */
    public enum Stage { CONNECT, GREETING, EHLO, HELO, STARTTLS, TLS_HANDSHAKE, MAIL, RCPT, DATA, DATA_BLOCK, DATA_END, RSET, QUIT }

    /** Whose fault it is: the remote site, the network between us, or the message we were given. */
    public enum Fault { REMOTE_SITE, NETWORK, MESSAGE }

    public SmtpFailure {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(stage, "stage");
        Objects.requireNonNull(fault, "fault");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(reply, "reply");
        Objects.requireNonNull(message, "message");
        if (permanent != status.isPermanent()) {
            throw new IllegalArgumentException("status class must agree with permanence: " + status);
        }
    }

    /** temporary - a failure that defers the mail. */
    static SmtpFailure temporary(Kind kind, Stage stage, Fault fault, String status, String message) {
        return new SmtpFailure(kind, stage, false, fault, EnhancedStatus.of(status), Optional.empty(), message);
    }

    /** permanent - a failure that bounces the mail (for this route). */
    static SmtpFailure permanent(Kind kind, Stage stage, Fault fault, String status, String message) {
        return new SmtpFailure(kind, stage, true, fault, EnhancedStatus.of(status), Optional.empty(), message);
    }

    /**
     * rejected - the server said no. 5yz is permanent, 4yz temporary; the status is the reply's own
     * (RFC 3463) or derived from the code; any other code where a 2yz/3yz was expected is temporary.
     */
    static SmtpFailure rejected(Stage stage, Reply reply, String server) {
        boolean permanent = reply.isPermanentNegative();
        int statusClass = permanent ? 5 : 4;
        EnhancedStatus status = reply.enhancedStatus().filter(s -> s.statusClass() == statusClass)
                .orElse(new EnhancedStatus(statusClass, 0, 0));
        String sentence = server + " rejected " + stage.name().replace('_', ' ') + " with \"" + reply + "\""
                + (permanent ? "" : "; will retry");
        return new SmtpFailure(Kind.REJECTED, stage, permanent, Fault.REMOTE_SITE, status, Optional.of(reply), sentence);
    }

    @Override
    public String toString() {
        return kind + " at " + stage + " (" + status + (permanent ? ", permanent" : ", temporary") + "): " + message;
    }
}
