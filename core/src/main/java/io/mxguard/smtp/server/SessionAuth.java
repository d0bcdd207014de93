package io.mxguard.smtp.server;

import io.mxguard.smtp.server.auth.UsersFile;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SessionAuth - AUTH (RFC 4954) for one session: whether it is offered, when the command is allowed,
 * the SASL exchange ({@link AuthExchange}) over the session's connection, and what its verdict means.
 *
 * <p>AUTH is offered only with a users file and only over TLS; before TLS the command gets 538 5.7.11.
 * Success is 235 2.7.0, and the user is the session's from then on (a second AUTH is 503 5.5.1). Bad
 * credentials are answered 535 5.7.8 after a pause of one second ({@link ServerConfig#authPause()}); failure number
 * {@value #MAX_FAILURES} is 421 4.7.0 instead, and the session ends. Malformed or cancelled exchanges are
 * refused ({@link Refusal}) and not counted. Not thread-safe: it lives on its session's thread.
 */
final class SessionAuth {
    private static final Logger LOG = LoggerFactory.getLogger(SessionAuth.class);
    /** A failed AUTH waits this long before its 535, and this many failures end the session. */
    static final Duration FAILURE_DELAY = Duration.ofSeconds(1);
    static final int MAX_FAILURES = 3;

    /** Line - the session's connection as AUTH uses it; it goes through the session, so it follows STARTTLS. */
    interface Line {
        /** reply - a reply, held while more pipelined input is waiting (RFC 2920 §3.1), like every reply. */
        void reply(int code, String text) throws IOException;

        /** flush - send the replies held so far. */
        void flush() throws IOException;

        /** nextLine - the client's next line, or null when it has gone. */
        String nextLine() throws IOException;
    }

    private final ServerConfig config;
    private final InetSocketAddress client;
    private final Line line;
    private Optional<String> user = Optional.empty();
    private int failures;

    SessionAuth(ServerConfig config, InetSocketAddress client, Line line) {
        this.config = config;
        this.client = client;
        this.line = line;
    }

    /** user - who the client authenticated as, if it did. */
    Optional<String> user() {
        return user;
    }

    /** ehloKeyword - the EHLO line that offers AUTH, if it is offered on this connection. */
    Optional<String> ehloKeyword(boolean tls) {
        // RFC 4954 §4: plaintext passwords only under TLS
        return tls && config.users().isPresent() ? Optional.of("AUTH " + AuthExchange.MECHANISMS) : Optional.empty();
    }

    /**
     * command - one AUTH command; RFC 4954 allows it once per session, after EHLO, outside a transaction,
     * and here only over TLS.
     *
     * @param arg           everything after "AUTH "
     * @param tls           the connection is TLS
     * @param afterEhlo     the client said EHLO (not HELO) since the session last started over
     * @param inTransaction MAIL was accepted and the transaction has not ended
     * @throws Refusal the command is refused with this reply; the session goes on
     */
    Session.Next command(String arg, boolean tls, boolean afterEhlo, boolean inTransaction) throws IOException, Refusal {
        if (config.users().isEmpty()) {
            throw new Refusal(500, "5.5.2 command not recognized");
        }
        if (!tls) {
            throw new Refusal(538, "5.7.11 Encryption required for requested authentication mechanism");
        }
        if (!afterEhlo) {
            throw new Refusal(503, "5.5.1 send EHLO first");
        }
        if (user.isPresent()) {
            throw new Refusal(503, "5.5.1 already authenticated"); // RFC 4954 §4
        }
        if (inTransaction) {
            throw new Refusal(503, "5.5.1 AUTH not permitted during a mail transaction");
        }
        if (arg.isEmpty()) {
            throw Refusal.syntax("syntax: AUTH mechanism [initial-response]");
        }
        AuthExchange.Verdict verdict = AuthExchange.run(arg, config.users().get(), this::challenge);
        if (verdict instanceof AuthExchange.Authenticated a) {
            user = Optional.of(a.user());
            LOG.info("client {} authenticated as {}", client, a.user());
            line.reply(235, "2.7.0 Authentication successful");
            return Session.Next.CONTINUE;
        }
        if (verdict instanceof AuthExchange.Refused r) {
            throw r.refusal();
        }
        if (verdict instanceof AuthExchange.BadCredentials b) {
            return failed(b.user());
        }
        return Session.Next.END; // the client left in the middle
    }

    /** failed - count a failure, pause, and answer 535, or 421 and the end of the session at the last one. */
    private Session.Next failed(String name) throws IOException {
        failures++;
        LOG.info("client {} failed to authenticate as '{}' ({} of {})", client,
                UsersFile.printableName(name), failures, MAX_FAILURES);
        line.flush();
        config.authPause().pause(FAILURE_DELAY); // slows a password guesser down without holding a lock
        if (failures >= MAX_FAILURES) {
            line.reply(421, "4.7.0 " + config.hostname() + " too many authentication failures; closing");
            return Session.Next.END;
        }
        line.reply(535, "5.7.8 Authentication credentials invalid");
        return Session.Next.CONTINUE;
    }

    /** challenge - a 334 line for the SASL exchange, and the client's answer (bounded like any command line). */
    private String challenge(String base64) throws IOException {
        line.reply(334, base64);
        line.flush(); // the client waits for the challenge
        String answer = line.nextLine();
        if (answer != null && answer.length() + 2 > Session.MAX_PARAMETER_LINE) {
            return "\u0000"; // refused as not base64
        }
        return answer;
    }
}
