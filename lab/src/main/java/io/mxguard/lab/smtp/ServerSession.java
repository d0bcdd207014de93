package io.mxguard.lab.smtp;

import io.mxguard.smtp.SmtpLineReader;
import io.mxguard.smtp.SmtpProtocolException;
import io.mxguard.smtp.Xtext;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * ServerSession - one client connection to a {@link LabMailServer}, from greeting to QUIT.
 */
final class ServerSession {
    // RFC 5321 §4.5.3.1.4/6: command and text lines are at most 512/1000 octets; we allow 1000 for both.
    private static final int MAX_LINE = 1000;
    private static final int MAX_RECIPIENTS = 100;
    private static final Pattern PATH = Pattern.compile("(?i)(FROM|TO):<([^<> ]*)>(.*)");

    private final LabMailServer server;
    private final int id;
    private final InetSocketAddress client;
    private Socket socket;
    private SmtpLineReader reader;
    private OutputStream out;
    private ReceivedMessage.ServerTls tls;
    private String helo;
    private boolean dsn; // the last EHLO announced DSN
    private String mailFrom;
    private final List<String> rcpts = new ArrayList<>();

    ServerSession(LabMailServer server, Socket socket, int id) {
        this.server = server;
        this.socket = socket;
        this.id = id;
        this.client = (InetSocketAddress) socket.getRemoteSocketAddress();
    }

    void run() {
        try {
            socket.setSoTimeout((int) server.config().readTimeout().toMillis());
            // Each reply is flushed on its own: with Nagle, pipelined replies wait for the client's delayed ACK (~40 ms).
            socket.setTcpNoDelay(true);
            streams();
            Optional<LabFault.SlowGreeting> slow = server.fault(LabFault.SlowGreeting.class);
            if (slow.isPresent()) {
                Thread.sleep(slow.get().delay().toMillis());
            }
            reply("220 " + server.config().hostname() + " ESMTP lab");
            if (server.fault(LabFault.CloseAfterGreeting.class).isPresent()) {
                return;
            }
            while (true) {
                byte[] raw = reader.readLine();
                if (raw == null) {
                    return;
                }
                String line = new String(raw, StandardCharsets.UTF_8);
                server.seen(new SeenCommand(id, line, tls != null, reader.hasBufferedInput(), Instant.now()));
                if (!command(line)) {
                    return;
                }
            }
        } catch (SmtpProtocolException e) {
            tryReply("500 5.5.2 " + e.getMessage() + "; closing");
        } catch (IOException | InterruptedException e) {
            // client gone, timed out, or server closing: nothing more to say
        }
    }

    /** command - handle one command line; false ends the session. */
    private boolean command(String line) throws IOException {
        int space = line.indexOf(' ');
        String verb = (space < 0 ? line : line.substring(0, space)).toUpperCase(Locale.ROOT);
        String arg = space < 0 ? "" : line.substring(space + 1);
        switch (verb) {
            case "EHLO":
                return ehlo(arg, true);
            case "HELO":
                return ehlo(arg, false);
            case "STARTTLS":
                return startTls();
            case "MAIL":
                mail(arg);
                return true;
            case "RCPT":
                rcpt(arg);
                return true;
            case "DATA":
                data();
                return true;
            case "RSET":
                resetTransaction();
                reply("250 2.0.0 OK");
                return true;
            case "NOOP":
                reply("250 2.0.0 OK");
                return true;
            case "QUIT":
                reply("221 2.0.0 Bye");
                return false;
            default:
                reply("500 5.5.2 command not recognized");
                return true;
        }
    }

    private boolean ehlo(String name, boolean extended) throws IOException {
        if (server.fault(LabFault.GarbageReply.class).isPresent()) {
            raw("HTTP/1.1 400 Bad Request\r\n");
            return true;
        }
        if (server.fault(LabFault.CloseMidReply.class).isPresent()) {
            raw("250-" + server.config().hostname() + "\r\n");
            return false;
        }
        if (server.fault(LabFault.EndlessMultiline.class).isPresent()) {
            for (int i = 0; i < 10_000_000; i++) {
                raw("250-X-ENDLESS-" + i + "\r\n"); // ends when the client hangs up
            }
            return false;
        }
        if (name.isBlank()) {
            reply("501 5.5.4 " + (extended ? "EHLO" : "HELO") + " needs a name");
            return true;
        }
        helo = name.trim();
        dsn = extended && server.dsnAnnounced();
        resetTransaction();
        if (!extended) {
            reply("250 " + server.config().hostname());
            return true;
        }
        List<String> lines = new ArrayList<>();
        lines.add(server.config().hostname() + " greets " + helo);
        lines.add("PIPELINING");
        lines.add("SIZE " + server.config().maxSize());
        lines.add("8BITMIME");
        lines.add("SMTPUTF8");
        lines.add("ENHANCEDSTATUSCODES");
        if (dsn) {
            lines.add("DSN");
        }
        if (startTlsOffered()) {
            lines.add("STARTTLS"); // RFC 3207 §4.2: not after TLS is up.
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < lines.size(); i++) {
            sb.append("250").append(i == lines.size() - 1 ? ' ' : '-').append(lines.get(i)).append("\r\n");
        }
        raw(sb.toString());
        return true;
    }

    private boolean startTlsOffered() {
        return tls == null && server.fault(LabFault.NoStartTls.class).isEmpty() && server.tlsContext().isPresent();
    }

    private boolean startTls() throws IOException {
        if (!startTlsOffered()) {
            reply(tls != null ? "503 5.5.1 TLS already active" : "502 5.5.1 STARTTLS not available");
            return true;
        }
        if (reader.hasBufferedInput()) {
            // RFC 3207 §4.2 (server side of CVE-2011-0411): nothing may be pipelined after STARTTLS.
            reply("554 5.5.1 commands pipelined after STARTTLS; closing");
            return false;
        }
        SSLContext ctx = server.tlsContext().orElseThrow();
        String ready = "220 2.0.0 Ready to start TLS\r\n";
        raw(server.fault(LabFault.InjectAfterStartTls.class).isPresent() ? ready + "250 2.0.0 injected\r\n" : ready);
        SSLSocket ssl = (SSLSocket) ctx.getSocketFactory().createSocket(socket, client.getHostString(),
                client.getPort(), true);
        ssl.setUseClientMode(false);
        SSLParameters params = ssl.getSSLParameters();
        params.setProtocols(new String[] {"TLSv1.3", "TLSv1.2"});
        ssl.setSSLParameters(params);
        try {
            ssl.startHandshake();
        } catch (IOException e) {
            return false; // the client refused us (or we it); nothing more to say in plaintext
        }
        socket = ssl;
        Optional<String> sni = ((ExtendedSSLSession) ssl.getSession()).getRequestedServerNames().stream()
                .filter(n -> n instanceof SNIHostName).map(n -> ((SNIHostName) n).getAsciiName()).findFirst();
        tls = new ReceivedMessage.ServerTls(ssl.getSession().getProtocol(), ssl.getSession().getCipherSuite(), sni);
        streams();
        helo = null; // RFC 3207 §4.2: the client must EHLO again.
        resetTransaction();
        return true;
    }

    private void mail(String arg) throws IOException {
        if (helo == null) {
            reply("503 5.5.1 EHLO first");
            return;
        }
        if (mailFrom != null) {
            reply("503 5.5.1 nested MAIL command");
            return;
        }
        Matcher m = PATH.matcher(arg);
        if (!m.matches() || !m.group(1).equalsIgnoreCase("FROM")) {
            reply("501 5.5.4 syntax: MAIL FROM:<address>");
            return;
        }
        Optional<LabFault.RejectMail> reject = server.fault(LabFault.RejectMail.class);
        if (reject.isPresent()) {
            int code = reject.get().code();
            reply(code + " " + code / 100 + ".7.1 sender rejected by lab fault");
            return;
        }
        Optional<String> badDsn = dsnProblem(m.group(3), "RET", "ENVID");
        if (badDsn.isPresent()) {
            reply(badDsn.get());
            return;
        }
        for (String param : m.group(3).trim().split(" +")) {
            // RFC 1870 §6: refuse at MAIL when the declared size is over the limit.
            if (param.toUpperCase(Locale.ROOT).startsWith("SIZE=")) {
                long size;
                try {
                    size = Long.parseLong(param.substring(5));
                } catch (NumberFormatException e) {
                    reply("501 5.5.4 bad SIZE");
                    return;
                }
                if (size > server.config().maxSize()) {
                    reply("552 5.3.4 message size exceeds fixed limit");
                    return;
                }
            }
        }
        mailFrom = m.group(2);
        reply("250 2.1.0 OK");
    }

    private void rcpt(String arg) throws IOException {
        if (mailFrom == null) {
            reply("503 5.5.1 MAIL first");
            return;
        }
        Matcher m = PATH.matcher(arg);
        if (!m.matches() || !m.group(1).equalsIgnoreCase("TO") || m.group(2).isEmpty()) {
            reply("501 5.5.4 syntax: RCPT TO:<address>");
            return;
        }
        String address = m.group(2);
        Optional<String> badDsn = dsnProblem(m.group(3), "NOTIFY", "ORCPT");
        if (badDsn.isPresent()) {
            reply(badDsn.get());
            return;
        }
        for (LabFault f : server.faults()) {
            if (f instanceof LabFault.RejectRcpt r && r.address().equalsIgnoreCase(address)) {
                reply(r.code() + " " + r.code() / 100 + ".1.1 recipient rejected by lab fault");
                return;
            }
        }
        if (rcpts.size() >= MAX_RECIPIENTS) {
            reply("452 4.5.3 too many recipients");
            return;
        }
        rcpts.add(address);
        reply("250 2.1.5 OK");
    }

    /**
     * dsnProblem - the reply refusing the RFC 3461 parameters among {@code params} (of MAIL or RCPT, the ones named
     * in {@code allowed}), or empty: 555 while DSN was not announced (RFC 5321 §4.1.1.11), 501 for a value that is
     * not what §4 allows (§5.1). Other parameters are left alone.
     */
    private Optional<String> dsnProblem(String params, String... allowed) {
        for (String param : params.trim().split(" +")) {
            int eq = param.indexOf('=');
            String key = (eq < 0 ? param : param.substring(0, eq)).toUpperCase(Locale.ROOT);
            String value = eq < 0 ? null : param.substring(eq + 1);
            if (!List.of("RET", "ENVID", "NOTIFY", "ORCPT").contains(key)) {
                continue;
            }
            if (!dsn || !List.of(allowed).contains(key)) {
                return Optional.of("555 5.5.4 " + key + " not recognized here");
            }
            boolean ok = value != null && switch (key) {
                case "RET" -> value.equalsIgnoreCase("FULL") || value.equalsIgnoreCase("HDRS");
                case "ENVID" -> value.length() <= 100 && Xtext.isValid(value);
                case "ORCPT" -> Xtext.isOriginalRecipient(value);
                default -> value.toUpperCase(Locale.ROOT)
                        .matches("NEVER|(SUCCESS|FAILURE|DELAY)(,(SUCCESS|FAILURE|DELAY))*");
            };
            if (!ok) {
                return Optional.of("501 5.5.4 bad " + key + " value");
            }
        }
        return Optional.empty();
    }

    private void data() throws IOException {
        if (mailFrom == null || rcpts.isEmpty()) {
            // RFC 2920 §3.1: no valid recipients, so no DATA.
            reply(mailFrom == null ? "503 5.5.1 MAIL first" : "554 5.5.1 no valid recipients");
            return;
        }
        reply("354 End data with <CR><LF>.<CR><LF>");
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        boolean tooBig = false;
        SmtpLineReader dataReader = reader;
        while (true) {
            byte[] line = dataReader.readLine(); // strict: bare CR/LF ends the session (CVE-2023-51764)
            if (line == null) {
                throw new IOException("client closed during DATA");
            }
            if (line.length == 1 && line[0] == '.') {
                break;
            }
            int from = line.length > 0 && line[0] == '.' ? 1 : 0; // RFC 5321 §4.5.2: dot-unstuff
            if (body.size() + line.length + 2 > server.config().maxSize()) {
                tooBig = true; // keep reading to the end, then refuse (RFC 1870 §6)
                continue;
            }
            body.write(line, from, line.length - from);
            body.write('\r');
            body.write('\n');
        }
        if (tooBig) {
            reply("552 5.3.4 message size exceeds fixed limit");
        } else {
            server.received(new ReceivedMessage(client, helo, mailFrom, rcpts, body.toByteArray(),
                    Optional.ofNullable(tls), Instant.now()));
            reply("250 2.0.0 OK queued");
        }
        resetTransaction();
    }

    private void resetTransaction() {
        mailFrom = null;
        rcpts.clear();
    }

    private void streams() throws IOException {
        reader = new SmtpLineReader(socket.getInputStream(), MAX_LINE, SmtpLineReader.Mode.STRICT);
        out = socket.getOutputStream();
    }

    private void reply(String line) throws IOException {
        raw(line + "\r\n");
    }

    private void raw(String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private void tryReply(String line) {
        try {
            reply(line);
        } catch (IOException ignored) {
            // the client is gone
        }
    }
}
