package io.mxguard.smtp.client;

import io.mxguard.smtp.Extensions;
import io.mxguard.smtp.Reply;
import io.mxguard.smtp.ReplyCode;
import io.mxguard.smtp.SmtpLineReader;
import io.mxguard.smtp.SmtpProtocolException;
import io.mxguard.smtp.SmtpReplyReader;
import io.mxguard.smtp.client.SmtpFailure.Fault;
import io.mxguard.smtp.client.SmtpFailure.Kind;
import io.mxguard.smtp.client.SmtpFailure.Stage;
import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;

/**
 * SmtpSession - one client connection to one SMTP server: greeting, EHLO, STARTTLS, transactions, QUIT.
 *
 * <p>Every step returns an {@link SmtpOutcome}. A failure that leaves the connection unusable (timeout,
 * lost connection, protocol error, TLS failure, required TLS missing) closes the session, and every
 * later step returns that same failure: once TLS was required and not achieved, no MAIL FROM can be
 * sent on this session. A session carries several transactions when its owner keeps it open:
 * {@link #rset} between them checks the server is still there, {@link #reusable} says whether one more
 * may follow. Not thread-safe: one thread at a time drives a session.
 */
public final class SmtpSession implements AutoCloseable {
    /** A kept session that cannot answer RSET quickly is not worth waiting for (Postfix: smtp_rset_timeout = 20s). */
    private static final Duration RSET_TIMEOUT = Duration.ofSeconds(20);

    private final InetSocketAddress peer;
    private final ClientOptions options;
    private final String server;
    private final WriteWatchdog watchdog = new WriteWatchdog();
    private final Socket plain;
    private Socket socket;
    private DeadlineInputStream in;
    private SmtpReplyReader replies;
    private OutputStream out;
    private Reply greeting;
    private String heloName;
    private Extensions extensions = Extensions.NONE;
    private TlsState tls = new TlsState.Plaintext("STARTTLS not attempted");
    private boolean tlsRequired;
    private boolean serverClosing;
    private int transactions;
    private SmtpFailure dead;

    private SmtpSession(InetSocketAddress peer, ClientOptions options, Socket plain) throws IOException {
        this.peer = peer;
        this.options = options;
        this.server = peer.getHostString() + ":" + peer.getPort();
        this.plain = plain;
        useSocket(plain);
    }

    /** open - connect to {@code peer} and read its 220 greeting (RFC 5321 §3.1, §4.5.3.2.1). */
    static SmtpOutcome<SmtpSession> open(InetSocketAddress peer, ClientOptions options) {
        Objects.requireNonNull(peer, "peer");
        String where = peer.getHostString() + ":" + peer.getPort();
        Socket socket = null;
        try {
            socket = options.socketFactory().createSocket();
            socket.setTcpNoDelay(true);
            socket.connect(peer, (int) Math.min(Integer.MAX_VALUE, options.connectTimeout().toMillis()));
        } catch (IOException e) {
            closeQuietly(socket);
            return SmtpOutcome.failed(SmtpFailure.temporary(Kind.CONNECT_FAILED, Stage.CONNECT, Fault.NETWORK, "4.4.1",
                    "cannot connect to " + where + ": " + e.getMessage()));
        }
        SmtpSession session;
        try {
            session = new SmtpSession(peer, options, socket);
        } catch (IOException e) {
            closeQuietly(socket);
            return SmtpOutcome.failed(SmtpFailure.temporary(Kind.CONNECTION_LOST, Stage.CONNECT, Fault.NETWORK, "4.4.2",
                    "connection to " + where + " broke at once: " + e.getMessage()));
        }
        try {
            Reply reply = session.read(options.greetingTimeout());
            if (reply.code() != ReplyCode.SERVICE_READY) {
                return SmtpOutcome.failed(session.giveUp(SmtpFailure.rejected(Stage.GREETING, reply, where)));
            }
            session.greeting = reply;
            return SmtpOutcome.ok(session);
        } catch (IOException e) {
            return SmtpOutcome.failed(session.broken(Stage.GREETING, e));
        }
    }

    public InetSocketAddress peer() {
        return peer;
    }

    /** greeting - the server's 220 reply. */
    public Reply greeting() {
        return greeting;
    }

    /** extensions - what the last EHLO announced; {@link Extensions#NONE} after HELO or before EHLO. */
    public Extensions extensions() {
        return extensions;
    }

    public TlsState tlsState() {
        return tls;
    }

    /** failure - the failure that ended this session, if one did. */
    public Optional<SmtpFailure> failure() {
        return Optional.ofNullable(dead);
    }

    /** transactions - how many transactions {@link #send} has run on this session, failed ones included. */
    public int transactions() {
        return transactions;
    }

    /**
     * reusable - whether another transaction may follow on this session: EHLO done, the connection
     * open, no failure, and the server never answered 421 (RFC 5321 §3.8: it is closing the channel).
     */
    public boolean reusable() {
        return dead == null && !serverClosing && heloName != null && !socket.isClosed()
                && (!tlsRequired || tls.isEncrypted());
    }

    /**
     * ehlo - EHLO (RFC 5321 §4.1.1.1); on a 5yz reply, HELO instead (§3.2) with no extensions.
     * A refusal of both, or a 4yz, ends the session.
     */
    public SmtpOutcome<Extensions> ehlo(String name) {
        if (dead != null) {
            return SmtpOutcome.failed(dead);
        }
        if (name == null || name.isEmpty() || !name.matches("[\\x21-\\x7e]+")) {
            throw new IllegalArgumentException("EHLO name must be a domain or address literal: " + name);
        }
        heloName = name;
        Stage stage = Stage.EHLO;
        try {
            Reply reply = command("EHLO " + name, options.ehloTimeout());
            if (reply.isPositive()) {
                extensions = Extensions.fromEhloReply(reply);
                return SmtpOutcome.ok(extensions);
            }
            if (reply.isPermanentNegative()) {
                stage = Stage.HELO;
                reply = command("HELO " + name, options.ehloTimeout());
                if (reply.isPositive()) {
                    extensions = Extensions.NONE;
                    return SmtpOutcome.ok(extensions);
                }
            }
            return SmtpOutcome.failed(giveUp(SmtpFailure.rejected(stage, reply, server)));
        } catch (IOException e) {
            return SmtpOutcome.failed(broken(stage, e));
        }
    }

    /**
     * startTls - STARTTLS (RFC 3207), the handshake with {@code context}'s trust manager and SNI
     * {@code sni} (null: none), then EHLO again with everything learned before forgotten (§4.2).
     *
     * <p>REQUIRED and not offered, or refused: the session ends (QUIT), before any MAIL FROM.
     * OPPORTUNISTIC and not offered, or refused: the result is {@link TlsState.Plaintext} and the
     * session goes on. A failed handshake ends the session either way.
     */
    public SmtpOutcome<TlsState> startTls(SSLContext context, String sni, TlsRequirement requirement) {
        Objects.requireNonNull(context, "context");
        Objects.requireNonNull(requirement, "requirement");
        if (dead != null) {
            return SmtpOutcome.failed(dead);
        }
        if (heloName == null || tls.isEncrypted()) {
            throw new IllegalStateException("STARTTLS needs a plaintext session after EHLO");
        }
        boolean required = requirement == TlsRequirement.REQUIRED;
        tlsRequired |= required;
        if (!extensions.startTls()) {
            if (required) {
                return SmtpOutcome.failed(giveUp(SmtpFailure.temporary(Kind.STARTTLS_NOT_OFFERED, Stage.EHLO,
                        Fault.REMOTE_SITE, "4.7.4", "TLS is required for " + server
                                + ", but its EHLO reply did not offer STARTTLS (not supported, or stripped by an "
                                + "attacker on the path); nothing was sent, the mail stays queued")));
            }
            tls = new TlsState.Plaintext("the server did not offer STARTTLS");
            return SmtpOutcome.ok(tls);
        }
        try {
            Reply reply = command("STARTTLS", options.ehloTimeout());
            if (reply.code() != ReplyCode.SERVICE_READY) {
                if (required) {
                    return SmtpOutcome.failed(giveUp(new SmtpFailure(Kind.REJECTED, Stage.STARTTLS, false,
                            Fault.REMOTE_SITE, io.mxguard.smtp.EnhancedStatus.of("4.7.4"), Optional.of(reply),
                            "TLS is required for " + server + ", but it refused STARTTLS with \"" + reply
                                    + "\"; the mail stays queued")));
                }
                tls = new TlsState.Plaintext("the server refused STARTTLS: " + reply);
                return SmtpOutcome.ok(tls);
            }
            // RFC 3207 §4.2 / CVE-2011-0411: bytes sent before the handshake must not be read as if inside TLS.
            if (replies.lineReader().hasBufferedInput() || in.available() > 0) {
                return SmtpOutcome.failed(giveUp(SmtpFailure.temporary(Kind.PROTOCOL_ERROR, Stage.STARTTLS,
                        Fault.REMOTE_SITE, "4.5.0", server + " (or something on the path) sent data after its 220 "
                                + "reply to STARTTLS, before the TLS handshake (response injection); connection dropped")));
            }
        } catch (IOException e) {
            return SmtpOutcome.failed(broken(Stage.STARTTLS, e));
        }
        SSLSocket ssl;
        try {
            ssl = TlsHandshake.start(plain, peer, context, sni, options.tlsHandshakeTimeout());
            useSocket(ssl);
        } catch (SocketTimeoutException e) {
            return SmtpOutcome.failed(broken(Stage.TLS_HANDSHAKE, e));
        } catch (IOException | IllegalArgumentException e) {
            return SmtpOutcome.failed(giveUp(SmtpFailure.temporary(Kind.TLS_HANDSHAKE_FAILED, Stage.TLS_HANDSHAKE,
                    Fault.REMOTE_SITE, "4.7.5", "TLS handshake with " + server + " failed: " + TlsHandshake.reason(e)
                            + "; nothing was sent, the mail stays queued")));
        }
        tls = new TlsState.Encrypted(TlsHandshake.facts(ssl, sni));
        extensions = Extensions.NONE; // RFC 3207 §4.2: discard all knowledge obtained before TLS.
        SmtpOutcome<Extensions> again = ehlo(heloName);
        return again.map(e -> tls);
    }

    /**
     * send - one mail transaction: MAIL FROM, RCPT TO for each recipient, DATA, the dot-stuffed message.
     *
     * <p>{@code message} must use CRLF line ends (it is refused otherwise, before anything is sent).
     * With PIPELINING (RFC 2920) MAIL, the RCPTs and DATA go in one batch. SIZE (RFC 1870), BODY=8BITMIME
     * (RFC 6152) and SMTPUTF8 (RFC 6531) are declared when needed; a message needing one the server
     * lacks is refused here rather than mangled. The envelope's DSN parameters (RFC 3461) go only to a
     * server announcing DSN. The result says what happened to each recipient.
     */
    public SmtpOutcome<Transaction> send(Envelope envelope, byte[] message) {
        Objects.requireNonNull(envelope, "envelope");
        Objects.requireNonNull(message, "message");
        if (dead != null) {
            return SmtpOutcome.failed(dead);
        }
        if (heloName == null) {
            throw new IllegalStateException("send needs EHLO first");
        }
        if (tlsRequired && !tls.isEncrypted()) {
            throw new IllegalStateException("TLS was required and is not up; no MAIL FROM may be sent");
        }
        Optional<SmtpFailure> refused = Transactions.refuseLocally(envelope, message, extensions, server);
        if (refused.isPresent()) {
            return SmtpOutcome.failed(refused.get());
        }
        transactions++;
        return new Transactions(this).run(envelope, message);
    }

    /**
     * rset - RSET (RFC 5321 §4.1.1.5): abort any transaction and check the server is still there,
     * before the next transaction on a session kept open. Anything but 250 ends the session.
     */
    public SmtpOutcome<Reply> rset() {
        if (dead != null) {
            return SmtpOutcome.failed(dead);
        }
        if (heloName == null) {
            throw new IllegalStateException("RSET needs EHLO first");
        }
        try {
            Reply reply = command("RSET", min(options.ehloTimeout(), RSET_TIMEOUT));
            if (reply.code() != ReplyCode.OK) {
                return SmtpOutcome.failed(giveUp(SmtpFailure.rejected(Stage.RSET, reply, server)));
            }
            return SmtpOutcome.ok(reply);
        } catch (IOException e) {
            return SmtpOutcome.failed(broken(Stage.RSET, e));
        }
    }

    /** quit - QUIT (RFC 5321 §4.1.1.10), wait briefly for 221, and close. Never fails. */
    public Optional<Reply> quit() {
        if (socket.isClosed()) {
            return Optional.empty();
        }
        try {
            return Optional.of(command("QUIT", options.quitTimeout()));
        } catch (IOException e) {
            return Optional.empty();
        } finally {
            close();
        }
    }

    @Override
    public void close() {
        closeQuietly(socket);
        closeQuietly(plain);
    }

    // --- wire helpers, used by Transactions ---

    ClientOptions options() {
        return options;
    }

    String server() {
        return server;
    }

    Reply command(String line, Duration timeout) throws IOException {
        write(line);
        flush(timeout);
        return read(timeout);
    }

    void write(String line) throws IOException {
        // Envelope addresses may be UTF-8 under SMTPUTF8 (RFC 6531 §3.3); everything else is ASCII.
        out.write(line.getBytes(StandardCharsets.UTF_8));
        out.write('\r');
        out.write('\n');
    }

    void writeBytes(byte[] data, Duration timeoutPerBlock) throws IOException {
        int block = 64 * 1024;
        for (int off = 0; off < data.length; off += block) {
            int len = Math.min(block, data.length - off);
            int from = off;
            watchdog.run(socket, timeoutPerBlock, () -> out.write(data, from, len));
        }
    }

    void flush(Duration timeout) throws IOException {
        watchdog.run(socket, timeout, out::flush);
    }

    Reply read(Duration timeout) throws IOException {
        in.deadlineIn(timeout);
        Reply reply = replies.read();
        // RFC 5321 §3.8: a 421 to any command means the server is shutting the channel; never reuse it.
        serverClosing |= reply.code() == ReplyCode.SERVICE_NOT_AVAILABLE;
        return reply;
    }

    /** broken - classify an I/O failure, end the session, and return the failure. */
    SmtpFailure broken(Stage stage, IOException e) {
        SmtpFailure failure;
        if (e instanceof SocketTimeoutException || watchdog.fired()) {
            failure = SmtpFailure.temporary(Kind.TIMEOUT, stage, Fault.REMOTE_SITE, "4.4.2",
                    server + " did not answer in time at " + stage + (stage == Stage.DATA_END
                            ? " (the message may have been accepted; it will be sent again)" : ""));
        } else if (e instanceof SmtpProtocolException p) {
            failure = SmtpFailure.temporary(Kind.PROTOCOL_ERROR, stage, Fault.REMOTE_SITE, "4.5.0",
                    server + " broke the SMTP protocol at " + stage + ": " + p.getMessage());
        } else if (e instanceof SSLException) {
            failure = SmtpFailure.temporary(Kind.CONNECTION_LOST, stage, Fault.NETWORK, "4.4.2",
                    "the TLS connection to " + server + " failed at " + stage + ": " + e.getMessage());
        } else {
            String what = e instanceof EOFException ? e.getMessage() : "connection lost: " + e.getMessage();
            failure = SmtpFailure.temporary(Kind.CONNECTION_LOST, stage, Fault.NETWORK, "4.4.2",
                    server + " at " + stage + ": " + what + (stage == Stage.DATA_END
                            ? " (the message may have been accepted; it will be sent again)" : ""));
        }
        dead = failure;
        close();
        return failure;
    }

    /** giveUp - end the session politely (QUIT) for a failure that is not an I/O error. */
    SmtpFailure giveUp(SmtpFailure failure) {
        dead = failure;
        quit();
        return failure;
    }

    private void useSocket(Socket s) throws IOException {
        socket = s;
        in = new DeadlineInputStream(s.getInputStream(), s);
        replies = new SmtpReplyReader(new SmtpLineReader(in, options.maxReplyLineLength(),
                SmtpLineReader.Mode.LENIENT_LF), options.maxReplyLines(), options.maxReplyBytes());
        out = new BufferedOutputStream(s.getOutputStream(), 16 * 1024);
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static void closeQuietly(Socket s) {
        if (s != null) {
            try {
                s.close();
            } catch (IOException ignored) {
                // nothing useful to do
            }
        }
    }
}
