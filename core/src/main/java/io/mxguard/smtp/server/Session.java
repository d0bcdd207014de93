package io.mxguard.smtp.server;

import io.mxguard.queue.MessageStore;
import io.mxguard.queue.QueueEnvelope;
import io.mxguard.smtp.Reply;
import io.mxguard.smtp.SmtpLineReader;
import io.mxguard.smtp.SmtpProtocolException;
import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Session - one client connection: greeting, then one command at a time until QUIT, a timeout, or a
 * protocol violation. Runs on its own thread; {@link #interruptIfIdle()} may be called from another.
 */
final class Session implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(Session.class);
    /** RFC 5321 §4.5.3.1.4: 512 octets for a command line; MAIL and RCPT may grow with parameters (RFC 1869 §4.1.2). */
    static final int MAX_COMMAND_LINE = 512;
    static final int MAX_PARAMETER_LINE = 2048;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Socket raw;
    private final ServerConfig config;
    private final MessageStore store;
    private final Optional<SSLContext> tlsContext;
    private final SmtpServer server;
    private final InetSocketAddress client;
    private final boolean mayRelay;
    private final SessionAuth auth;

    private Socket socket;
    private SmtpLineReader reader;
    private OutputStream out;
    private Optional<String> tlsComment = Optional.empty();
    private volatile boolean idle;

    private String heloName;
    private boolean esmtp;
    private Transaction tx;

    /** Transaction - the envelope being built between MAIL and the end of DATA. */
    private record Transaction(String sender, Parameters.Mail mail, List<QueueEnvelope.Recipient> recipients) {
    }

    /** Next - whether the command loop goes on after a command (also what {@link SessionAuth#command} says). */
    enum Next { CONTINUE, END }

    Session(Socket raw, ServerConfig config, MessageStore store, Optional<SSLContext> tlsContext, SmtpServer server) {
        this.raw = raw;
        this.config = config;
        this.store = store;
        this.tlsContext = tlsContext;
        this.server = server;
        this.client = (InetSocketAddress) raw.getRemoteSocketAddress();
        this.mayRelay = config.mayRelay(client.getAddress());
        this.auth = new SessionAuth(config, client, new AuthLine());
    }

    /** run - greet, serve commands until the session ends, and always close the socket. */
    @Override
    public void run() {
        try {
            raw.setSoTimeout((int) Math.min(Integer.MAX_VALUE, config.readTimeout().toMillis()));
            useStreams(raw);
            reply(220, config.hostname() + " ESMTP mxguard");
            while (serve(nextLine()) == Next.CONTINUE) {
                // one command per turn
            }
        } catch (SocketTimeoutException e) {
            tryReply(421, "4.4.2 " + config.hostname() + " timeout waiting for the client; closing");
        } catch (SmtpProtocolException e) {
            // A command line with a bare CR/LF or over the bound: we cannot tell where the next command starts.
            tryReply(500, "5.5.2 " + e.getMessage() + "; closing");
            drain();
        } catch (javax.net.ssl.SSLException e) {
            LOG.info("TLS with {} failed: {}", client, e.toString());
        } catch (EOFException | SocketException e) {
            LOG.debug("session from {} ended: {}", client, e.toString());
        } catch (IOException | RuntimeException e) {
            LOG.warn("session from {} failed: {}", client, e.toString(), e);
            tryReply(421, "4.3.0 " + config.hostname() + " local error; closing");
        } finally {
            closeQuietly();
            server.ended(this, client.getAddress());
        }
    }

    /** interruptIfIdle - used by shutdown: a session waiting for its next command gets EOF and answers 421. */
    void interruptIfIdle() {
        if (idle) {
            try {
                raw.shutdownInput();
            } catch (IOException e) {
                closeQuietly();
            }
        }
    }

    void closeQuietly() {
        try {
            raw.close();
        } catch (IOException e) {
            LOG.debug("close failed: {}", e.toString());
        }
    }

    private String nextLine() throws IOException {
        idle = true;
        byte[] line;
        try {
            if (server.closing()) {
                reply(421, "4.3.2 " + config.hostname() + " shutting down; closing");
                return null;
            }
            if (!reader.hasBufferedInput()) {
                out.flush();
            }
            line = reader.readLine();
        } finally {
            idle = false;
        }
        if (line == null) {
            if (server.closing()) {
                tryReply(421, "4.3.2 " + config.hostname() + " shutting down; closing");
            }
            return null;
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(line)).toString();
        } catch (CharacterCodingException e) {
            return "\u0000"; // refused as a control character below
        }
    }

    /** serve - one command: the dispatch table. */
    private Next serve(String line) throws IOException {
        if (line == null) {
            return Next.END;
        }
        int space = line.indexOf(' ');
        String verb = (space < 0 ? line : line.substring(0, space)).toUpperCase(Locale.ROOT);
        String arg = space < 0 ? "" : line.substring(space + 1);
        // RFC 4954 §4: AUTH with an initial response may exceed 512 octets.
        boolean parameterized = verb.equals("MAIL") || verb.equals("RCPT") || verb.equals("AUTH");
        if (line.getBytes(StandardCharsets.UTF_8).length + 2 > (parameterized ? MAX_PARAMETER_LINE : MAX_COMMAND_LINE)) {
            reply(500, "5.5.2 command line too long");
            return Next.CONTINUE;
        }
        if (line.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            reply(501, "5.5.2 control character or invalid UTF-8 in command");
            return Next.CONTINUE;
        }
        try {
            return switch (verb) {
                case "EHLO" -> hello(arg, true);
                case "HELO" -> hello(arg, false);
                case "MAIL" -> mail(arg);
                case "RCPT" -> rcpt(arg);
                case "DATA" -> data(arg);
                case "RSET" -> rset(arg);
                case "NOOP" -> done(250, "2.0.0 Ok");
                case "QUIT" -> {
                    reply(221, "2.0.0 " + config.hostname() + " closing");
                    yield Next.END;
                }
                case "VRFY" -> done(252, "2.5.0 cannot verify; send mail and it will be tried"); // RFC 5321 §3.5.3
                case "STARTTLS" -> startTls(arg);
                case "AUTH" -> auth.command(arg, isTls(), heloName != null && esmtp, tx != null);
                default -> done(500, "5.5.2 command not recognized");
            };
        } catch (Refusal r) {
            send(r.reply());
            return Next.CONTINUE;
        }
    }

    private Next hello(String name, boolean extended) throws IOException, Refusal {
        // RFC 5321 §4.1.1.1: a domain or address literal; we need it clean for the Received header.
        if (!MailPath.isDomain(name, false) && !MailPath.isAddressLiteral(name)) {
            throw Refusal.syntax("EHLO/HELO needs a domain name or address literal");
        }
        heloName = name;
        esmtp = extended;
        tx = null;
        if (!extended) {
            return done(250, config.hostname());
        }
        List<String> lines = new ArrayList<>();
        lines.add(config.hostname() + " greets " + name);
        lines.add("PIPELINING");
        lines.add("SIZE " + config.maxMessageSize());
        lines.add("8BITMIME");
        lines.add("SMTPUTF8");
        lines.add("ENHANCEDSTATUSCODES");
        lines.add("DSN");
        if (isTls()) {
            lines.add("REQUIRETLS"); // RFC 8689 §4.1: only over TLS
        } else if (tlsContext.isPresent()) {
            lines.add("STARTTLS"); // RFC 3207 §4.2: never again once TLS is up
        }
        auth.ehloKeyword(isTls()).ifPresent(lines::add);
        send(Reply.of(250, lines));
        return Next.CONTINUE;
    }

    private Next mail(String arg) throws IOException, Refusal {
        requireHello();
        if (tx != null) {
            throw new Refusal(503, "5.5.1 nested MAIL command");
        }
        if (!arg.regionMatches(true, 0, "FROM:", 0, 5)) {
            throw Refusal.syntax("syntax: MAIL FROM:<address> [parameters]");
        }
        MailPath.Split split = MailPath.split(arg.substring(5));
        Parameters.Mail params = Parameters.mail(split.parameters(), config.maxMessageSize(), isTls());
        String sender = MailPath.mailbox(split.path(), params.smtpUtf8());
        tx = new Transaction(sender, params, new ArrayList<>());
        return done(250, "2.1.0 Ok");
    }

    private Next rcpt(String arg) throws IOException, Refusal {
        if (tx == null) {
            throw new Refusal(503, "5.5.1 need MAIL before RCPT");
        }
        if (!arg.regionMatches(true, 0, "TO:", 0, 3)) {
            throw Refusal.syntax("syntax: RCPT TO:<address> [parameters]");
        }
        // RFC 5321 §3.6.2, §7.1: a client outside the relay networks relays nowhere, whatever the address says.
        if (!mayRelay && auth.user().isEmpty()) {
            throw new Refusal(554, "5.7.1 relaying denied for " + client.getAddress().getHostAddress());
        }
        if (tx.recipients().size() >= config.maxRecipients()) {
            throw new Refusal(452, "4.5.3 too many recipients"); // RFC 5321 §4.5.3.1.10
        }
        MailPath.Split split = MailPath.split(arg.substring(3));
        Parameters.Rcpt params = Parameters.rcpt(split.parameters());
        String recipient = MailPath.mailbox(split.path(), tx.mail().smtpUtf8());
        if (recipient.isEmpty()) {
            throw new Refusal(501, "5.1.3 empty recipient");
        }
        tx.recipients().add(new QueueEnvelope.Recipient(recipient, params.notifyOn(), params.originalRecipient()));
        return done(250, "2.1.5 Ok");
    }

    private Next data(String arg) throws IOException, Refusal {
        if (!arg.isEmpty()) {
            throw Refusal.syntax("DATA takes no argument");
        }
        if (tx == null) {
            throw new Refusal(503, "5.5.1 need MAIL before DATA");
        }
        if (tx.recipients().isEmpty()) {
            throw new Refusal(554, "5.5.1 no valid recipients");
        }
        reply(354, "End data with <CR><LF>.<CR><LF>");
        Transaction t = tx;
        tx = null;
        MessageReader.Outcome outcome = MessageReader.read(reader, config.maxMessageSize(), server.messageMemory());
        if (outcome instanceof MessageReader.Rejected rejected) {
            send(rejected.reply());
            if (rejected.endSession()) {
                drain();
                return Next.END;
            }
            return Next.CONTINUE;
        }
        MessageReader.Complete complete = (MessageReader.Complete) outcome;
        try {
            return accept(t, complete.content());
        } finally {
            server.messageMemory().release(complete.reserved());
        }
    }

    /** accept - prepend Received, hand to the store, and acknowledge only once it returned (DESIGN §5, Queue). */
    private Next accept(Transaction t, byte[] body) throws IOException {
        String from = heloName + " ([" + client.getAddress().getHostAddress() + "])";
        // The user goes into the envelope, for the log, but not into the header the recipients read.
        String receivedFrom = from + auth.user().map(u -> " authenticated as " + u).orElse("");
        String id = transactionId();
        byte[] header = ReceivedHeader.render(from, config.hostname(),
                ReceivedHeader.protocol(esmtp, isTls(), t.mail().smtpUtf8(), auth.user().isPresent()), tlsComment, id,
                t.recipients().stream().map(QueueEnvelope.Recipient::address).toList(),
                config.clock().instant().atZone(config.clock().getZone()));
        byte[] content = new byte[header.length + body.length];
        System.arraycopy(header, 0, content, 0, header.length);
        System.arraycopy(body, 0, content, header.length, body.length);
        QueueEnvelope envelope = new QueueEnvelope(t.sender(), t.recipients(), t.mail().envelopeId(), t.mail().ret(),
                t.mail().requireTls(), receivedFrom);
        String queueId;
        try {
            queueId = store.enqueue(envelope, content);
        } catch (IOException e) {
            LOG.warn("message {} from {} not queued: {}", id, client, e.toString());
            return done(451, "4.3.0 message not queued: local storage problem; try again later");
        }
        LOG.info("message {} from {} queued as {} for {} recipient(s)", id, client, queueId, t.recipients().size());
        return done(250, "2.0.0 Ok: queued as " + queueId);
    }

    private Next rset(String arg) throws IOException, Refusal {
        if (!arg.isEmpty()) {
            throw Refusal.syntax("RSET takes no argument");
        }
        tx = null;
        return done(250, "2.0.0 Ok");
    }

    private Next startTls(String arg) throws IOException, Refusal {
        if (!arg.isEmpty()) {
            throw Refusal.syntax("STARTTLS takes no argument");
        }
        if (tlsContext.isEmpty() || isTls()) {
            throw new Refusal(503, "5.5.1 STARTTLS not available");
        }
        requireHello();
        reply(220, "2.0.0 Ready to start TLS");
        out.flush(); // even with input waiting: the client waits for this reply before its handshake
        // RFC 3207 §4.2, CVE-2011-0411: anything pipelined after STARTTLS is plaintext an attacker may have
        // injected; it is dropped with the old reader, and all state from before TLS is forgotten.
        if (reader.hasBufferedInput()) {
            LOG.info("client {} pipelined {} octets after STARTTLS; discarded", client, reader.buffered());
        }
        SSLSocket tls = (SSLSocket) tlsContext.get().getSocketFactory()
                .createSocket(raw, client.getHostString(), client.getPort(), true);
        tls.setUseClientMode(false);
        tls.setEnabledProtocols(TlsIdentity.protocols());
        tls.startHandshake();
        useStreams(tls);
        tlsComment = Optional.of("using " + tls.getSession().getProtocol() + " with cipher "
                + tls.getSession().getCipherSuite());
        heloName = null;
        esmtp = false;
        tx = null;
        return Next.CONTINUE;
    }

    private void requireHello() throws Refusal {
        if (heloName == null) {
            throw new Refusal(503, "5.5.1 send EHLO first");
        }
    }

    private boolean isTls() {
        return socket instanceof SSLSocket;
    }

    private void useStreams(Socket s) throws IOException {
        socket = s;
        reader = new SmtpLineReader(s.getInputStream(), MAX_PARAMETER_LINE, SmtpLineReader.Mode.STRICT);
        out = new BufferedOutputStream(s.getOutputStream());
    }

    private Next done(int code, String text) throws IOException {
        reply(code, text);
        return Next.CONTINUE;
    }

    private void reply(int code, String text) throws IOException {
        send(Reply.of(code, text));
    }

    // RFC 2920 §3.1: replies to a pipelined group may be held until no more input is waiting.
    private void send(Reply r) throws IOException {
        for (String line : r.wireLines()) {
            out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
        }
        if (!reader.hasBufferedInput()) {
            out.flush();
        }
    }

    private void tryReply(int code, String text) {
        try {
            reply(code, text);
            out.flush();
        } catch (IOException | RuntimeException e) {
            LOG.debug("could not tell {} '{} {}': {}", client, code, text, e.toString());
        }
    }

    // Before closing on a client that is still sending, read a bounded amount so the last reply is not lost to a reset.
    private void drain() {
        try {
            out.flush();
            socket.setSoTimeout(200);
            InputStream in = socket.getInputStream();
            byte[] buf = new byte[8192];
            int total = 0;
            for (int n = in.read(buf); n > 0 && total < 1 << 20; n = in.read(buf)) {
                total += n;
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("drain for {} stopped: {}", client, e.toString());
        }
    }

    /** AuthLine - the connection for {@link SessionAuth}: through the session, so it follows STARTTLS. */
    private final class AuthLine implements SessionAuth.Line {
        @Override
        public void reply(int code, String text) throws IOException {
            Session.this.reply(code, text);
        }

        @Override
        public void flush() throws IOException {
            out.flush();
        }

        @Override
        public String nextLine() throws IOException {
            return Session.this.nextLine();
        }
    }

    private static String transactionId() {
        char[] alphabet = "BCDFGHJKLMNPQRSTVWXZ0123456789".toCharArray();
        char[] id = new char[12];
        for (int i = 0; i < id.length; i++) {
            id[i] = alphabet[RANDOM.nextInt(alphabet.length)];
        }
        return new String(id);
    }
}
