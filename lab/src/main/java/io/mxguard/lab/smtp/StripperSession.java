package io.mxguard.lab.smtp;

import java.io.BufferedOutputStream;
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
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * StripperSession - one connection through a {@link StartTlsStripper}: two pumps, client to server and
 * server to client, that pass every byte on except the STARTTLS line of an EHLO reply and a STARTTLS
 * command, and that record the transcript and every message sent in plaintext.
 *
 * <p>The client-to-server pump runs on the pool thread that {@link #run()}s; it starts the other one.
 * The server-to-client pump sets {@code inData} before it passes on a 354, so by the time the client
 * sends the first line of the message, the other pump knows it is message data.
 */
final class StripperSession implements Runnable {
    // RFC 5321 §4.5.3.1: lines are at most 1000 octets; longer ones are passed on in pieces, uninterpreted.
    static final int MAX_LINE = 8192;
    static final int MAX_REPLY_LINES = 100;
    static final int MAX_TRANSCRIPT_LINES = 1000;
    static final int MAX_MESSAGE = 16 * 1024 * 1024;
    private static final byte[] REFUSAL = "454 4.7.0 TLS not available\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final Pattern PATH = Pattern.compile("(?i)(?:MAIL FROM|RCPT TO):<([^<>]*)>.*");

    private final StartTlsStripper owner;
    private final Socket client;
    private final int id;
    private final Instant opened = Instant.now();
    private final AtomicInteger pumpsLeft = new AtomicInteger(1);
    private final Object clientWrite = new Object();
    private volatile Socket upstream;
    private volatile OutputStream toClient;
    private volatile boolean inData;

    // The record, guarded by this.
    private final List<ProxiedConnection.Line> transcript = new ArrayList<>();
    private boolean transcriptTruncated;
    private boolean stripped;
    private boolean refused;
    private boolean ended;

    // The envelope the client is sending; the client-to-server pump's own.
    private String mailFrom = "";
    private final List<String> rcpts = new ArrayList<>();

    StripperSession(StartTlsStripper owner, Socket client, int id) {
        this.owner = owner;
        this.client = client;
        this.id = id;
    }

    /** run - connect upstream, start the server-to-client pump, then pump client to server. */
    @Override
    public void run() {
        try {
            client.setSoTimeout((int) StartTlsStripper.IDLE_TIMEOUT.toMillis());
            Socket up = new Socket();
            upstream = up;
            up.connect(owner.upstream(), (int) StartTlsStripper.CONNECT_TIMEOUT.toMillis());
            up.setSoTimeout((int) StartTlsStripper.IDLE_TIMEOUT.toMillis());
            up.setTcpNoDelay(true);
            client.setTcpNoDelay(true);
            toClient = new BufferedOutputStream(client.getOutputStream());
            pumpsLeft.incrementAndGet();
            try {
                owner.execute(this::serverToClient);
            } catch (RejectedExecutionException e) {
                pumpsLeft.decrementAndGet();
                throw new IOException("the stripper is closing", e);
            }
            clientToServer();
        } catch (IOException e) {
            abort(); // upstream unreachable, a side reset or went idle: end both directions
        } finally {
            pumpEnded();
        }
    }

    private void clientToServer() throws IOException {
        RawLineReader in = new RawLineReader(client.getInputStream(), MAX_LINE);
        OutputStream out = new BufferedOutputStream(upstream.getOutputStream());
        ByteArrayOutputStream message = null;
        boolean messageTruncated = false;
        boolean lineStart = true;
        for (byte[] line; (line = in.readLine()) != null; lineStart = RawLineReader.complete(line)) {
            if (inData) {
                if (message == null) {
                    message = new ByteArrayOutputStream();
                    messageTruncated = false;
                }
                if (lineStart && isDotLine(line)) {
                    // RFC 5321 §4.1.1.4: CRLF.CRLF ends the data.
                    owner.read(new ReadMessage(id, mailFrom, rcpts, message.toByteArray(), messageTruncated,
                            Instant.now()));
                    record(ProxiedConnection.Side.CLIENT, "[message, " + message.size() + " octets]");
                    record(ProxiedConnection.Side.CLIENT, ".");
                    message = null;
                    inData = false;
                } else {
                    int from = lineStart && line.length > 0 && line[0] == '.' ? 1 : 0; // RFC 5321 §4.5.2
                    if (message.size() + line.length - from <= MAX_MESSAGE) {
                        message.write(line, from, line.length - from);
                    } else {
                        messageTruncated = true;
                    }
                }
                passOn(out, line, in);
                continue;
            }
            record(ProxiedConnection.Side.CLIENT, RawLineReader.text(line));
            if (!lineStart || !RawLineReader.complete(line) || command(line)) {
                passOn(out, line, in);
            }
        }
        out.flush();
        upstream.shutdownOutput(); // the client is done talking; the server may still answer
    }

    /** command - note the envelope, answer STARTTLS ourselves; false: do not pass the line on. */
    private boolean command(byte[] line) throws IOException {
        String text = RawLineReader.text(line).trim();
        String verb = text.split(" ", 2)[0].toUpperCase(Locale.ROOT);
        switch (verb) {
            case "STARTTLS" -> {
                // XXX: answered at once; a reply still owed to a command pipelined before STARTTLS would
                // follow ours. RFC 3207 §4.2 makes STARTTLS end its group, and no lab sender pipelines it.
                toClient(REFUSAL, true);
                record(ProxiedConnection.Side.STRIPPER, RawLineReader.text(REFUSAL));
                synchronized (this) {
                    refused = true;
                }
                return false;
            }
            case "MAIL" -> {
                Matcher m = PATH.matcher(text);
                mailFrom = m.matches() ? m.group(1) : "";
                rcpts.clear();
            }
            case "RCPT" -> {
                Matcher m = PATH.matcher(text);
                if (m.matches() && rcpts.size() < 1000) {
                    rcpts.add(m.group(1));
                }
            }
            case "RSET", "EHLO", "HELO" -> {
                mailFrom = "";
                rcpts.clear();
            }
            default -> {
                // passed on as it is
            }
        }
        return true;
    }

    private void serverToClient() {
        try {
            RawLineReader in = new RawLineReader(upstream.getInputStream(), MAX_LINE);
            List<byte[]> reply = new ArrayList<>();
            boolean unbuffered = false; // a reply too long to hold: the rest of it goes through as it is
            for (byte[] line; (line = in.readLine()) != null; ) {
                boolean replyLine = RawLineReader.complete(line) && isReplyLine(line);
                if (unbuffered || !replyLine) {
                    unbuffered &= !(replyLine && isLastLine(line));
                    reply.add(line); // not a reply we can rewrite: out as it is, after what came before it
                    send(reply, in);
                    reply = new ArrayList<>();
                    continue;
                }
                reply.add(line);
                if (!isLastLine(line)) {
                    if (reply.size() >= MAX_REPLY_LINES) {
                        send(reply, in);
                        reply = new ArrayList<>();
                        unbuffered = true;
                    }
                    continue;
                }
                if (code(line).equals("354")) {
                    inData = true; // before the client can see the 354 and start sending the message
                }
                send(withoutStartTls(reply), in);
                reply = new ArrayList<>();
            }
            send(reply, in);
            client.shutdownOutput();
        } catch (IOException e) {
            abort();
        } finally {
            pumpEnded();
        }
    }

    /**
     * withoutStartTls - a 250 reply with its STARTTLS keyword line removed (RFC 3207 §4: the server
     * announces it in the EHLO reply); the last line left gets the final "250 " separator (RFC 5321 §4.2.1).
     */
    private List<byte[]> withoutStartTls(List<byte[]> reply) {
        if (!code(reply.get(0)).equals("250")) {
            return reply;
        }
        List<byte[]> kept = new ArrayList<>();
        kept.add(reply.get(0));
        for (byte[] line : reply.subList(1, reply.size())) {
            String text = RawLineReader.text(line);
            String keyword = text.length() > 4 ? text.substring(4).trim().split(" ", 2)[0] : "";
            if (!keyword.equalsIgnoreCase("STARTTLS")) {
                kept.add(line);
            }
        }
        if (kept.size() == reply.size()) {
            return reply;
        }
        synchronized (this) {
            stripped = true;
        }
        for (int i = 0; i < kept.size(); i++) {
            byte[] line = kept.get(i).clone();
            if (line.length > 3 && (line[3] == '-' || line[3] == ' ')) {
                line[3] = (byte) (i == kept.size() - 1 ? ' ' : '-');
            }
            kept.set(i, line);
        }
        return kept;
    }

    private void send(List<byte[]> lines, RawLineReader in) throws IOException {
        for (byte[] line : lines) {
            record(ProxiedConnection.Side.SERVER, RawLineReader.text(line));
            toClient(line, false);
        }
        if (!in.hasBuffered()) {
            toClient(new byte[0], true);
        }
    }

    private void toClient(byte[] bytes, boolean flush) throws IOException {
        synchronized (clientWrite) {
            toClient.write(bytes);
            if (flush) {
                toClient.flush();
            }
        }
    }

    private static void passOn(OutputStream out, byte[] line, RawLineReader in) throws IOException {
        out.write(line);
        if (!in.hasBuffered()) {
            out.flush(); // about to wait for the client: everything it said so far goes on now
        }
    }

    private static boolean isDotLine(byte[] line) {
        return line.length == 3 && line[0] == '.' && line[1] == '\r' && line[2] == '\n';
    }

    private static boolean isReplyLine(byte[] line) {
        return line.length >= 4 && Character.isDigit(line[0]) && Character.isDigit(line[1])
                && Character.isDigit(line[2]) && (line[3] == ' ' || line[3] == '-' || line[3] == '\r' || line[3] == '\n');
    }

    private static boolean isLastLine(byte[] line) {
        return line[3] != '-';
    }

    private static String code(byte[] line) {
        return new String(line, 0, Math.min(3, line.length), StandardCharsets.US_ASCII);
    }

    private synchronized void record(ProxiedConnection.Side side, String text) {
        if (transcript.size() < MAX_TRANSCRIPT_LINES) {
            transcript.add(new ProxiedConnection.Line(side, text));
        } else {
            transcriptTruncated = true;
        }
    }

    synchronized ProxiedConnection snapshot() {
        return new ProxiedConnection(id, (InetSocketAddress) client.getRemoteSocketAddress(), opened, transcript,
                transcriptTruncated, stripped, refused, ended);
    }

    /** abort - close both sockets, which ends both pumps. */
    void abort() {
        closeQuietly(client);
        closeQuietly(upstream);
    }

    private void pumpEnded() {
        if (pumpsLeft.decrementAndGet() > 0) {
            return; // the other pump still runs; it ends too, now or when its side closes
        }
        synchronized (this) {
            if (ended) {
                return;
            }
            ended = true;
        }
        abort();
        owner.ended(this);
    }

    private static void closeQuietly(Socket s) {
        if (s == null) {
            return;
        }
        try {
            s.close();
        } catch (IOException ignored) {
            // already gone
        }
    }
}
