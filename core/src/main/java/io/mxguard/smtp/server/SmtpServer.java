package io.mxguard.smtp.server;

import io.mxguard.queue.MessageStore;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SmtpServer - the strict ESMTP server applications hand mail to; every accepted message goes to a
 * {@link MessageStore} and is acknowledged only after the store returned. One thread per listener
 * accepts; one thread per session serves. Over the session limits a client gets 421 4.7.0 and is closed.
 *
 * <p>Thread-safe. {@link #close()} stops accepting, ends idle sessions with 421, lets sessions in a
 * transaction finish within {@link ServerConfig#shutdownGrace()}, then closes what is left.
 */
public final class SmtpServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SmtpServer.class);
    private static final java.time.Duration ACCEPTOR_STOP = java.time.Duration.ofSeconds(2);

    private final ServerConfig config;
    private final MessageStore store;
    private final Optional<SSLContext> tlsContext;
    private final MessageMemory messageMemory;
    private final List<ServerSocket> listeners = new ArrayList<>();
    private final List<Thread> acceptors = new ArrayList<>();
    private final Set<Session> sessions = new HashSet<>();
    private final Map<InetAddress, Integer> perClient = new HashMap<>();
    private final ExecutorService workers;
    private final AtomicInteger threadNumber = new AtomicInteger();
    private volatile boolean closing;

    public SmtpServer(ServerConfig config, MessageStore store) {
        this.config = Objects.requireNonNull(config, "config");
        this.store = Objects.requireNonNull(store, "store");
        this.tlsContext = config.tls().map(TlsIdentity::serverContext);
        this.messageMemory = new MessageMemory(config.messageMemory());
        this.workers = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "smtp-server-" + threadNumber.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** start - bind every listen address and start accepting. */
    public synchronized SmtpServer start() throws IOException {
        if (!listeners.isEmpty() || closing) {
            throw new IllegalStateException("server already started or closed");
        }
        try {
            for (InetSocketAddress address : config.listen()) {
                ServerSocket listener = new ServerSocket();
                listeners.add(listener);
                listener.bind(address, 100);
            }
        } catch (IOException e) {
            close();
            throw new IOException("cannot listen: " + e.getMessage(), e);
        }
        for (ServerSocket listener : listeners) {
            Thread t = new Thread(() -> acceptLoop(listener), "smtp-accept-" + listener.getLocalSocketAddress());
            t.setDaemon(true);
            acceptors.add(t);
            t.start();
        }
        return this;
    }

    /** addresses - where the server listens, with the ports actually bound. */
    public synchronized List<InetSocketAddress> addresses() {
        return listeners.stream().map(l -> (InetSocketAddress) l.getLocalSocketAddress()).toList();
    }

    /** close - graceful shutdown, bounded by the configured grace. */
    @Override
    public void close() {
        List<Session> running;
        synchronized (this) {
            closing = true;
            for (ServerSocket listener : listeners) {
                try {
                    listener.close();
                } catch (IOException e) {
                    LOG.debug("closing listener: {}", e.toString());
                }
            }
            running = List.copyOf(sessions);
        }
        // A thread blocked in accept() keeps the kernel's listening socket alive until the call returns: until
        // it has, a client could still connect (and be told 421). Once it has, new clients are refused outright.
        for (Thread t : acceptors) {
            try {
                t.join(ACCEPTOR_STOP.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        running.forEach(Session::interruptIfIdle);
        workers.shutdown();
        try {
            if (!workers.awaitTermination(config.shutdownGrace().toMillis(), TimeUnit.MILLISECONDS)) {
                synchronized (this) {
                    LOG.warn("{} session(s) still running after the shutdown grace; closing them", sessions.size());
                    sessions.forEach(Session::closeQuietly);
                }
                workers.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            workers.shutdownNow();
        }
    }

    boolean closing() {
        return closing;
    }

    /** messageMemory - the budget every session's DATA draws on. */
    MessageMemory messageMemory() {
        return messageMemory;
    }

    synchronized void ended(Session session, InetAddress client) {
        sessions.remove(session);
        perClient.computeIfPresent(client, (a, n) -> n > 1 ? n - 1 : null);
    }

    private void acceptLoop(ServerSocket listener) {
        while (!closing) {
            Socket socket;
            try {
                socket = listener.accept();
            } catch (IOException e) {
                if (!closing) {
                    LOG.warn("accept on {} failed: {}", listener.getLocalSocketAddress(), e.toString());
                }
                continue;
            }
            admit(socket);
        }
    }

    // Session limits are checked before any thread is spent on the client.
    private void admit(Socket socket) {
        InetAddress client = socket.getInetAddress();
        Session session;
        synchronized (this) {
            int fromClient = perClient.getOrDefault(client, 0);
            if (closing || sessions.size() >= config.maxSessions() || fromClient >= config.maxSessionsPerClient()) {
                refuse(socket, closing ? "4.3.2 shutting down" : "4.7.0 too many connections; try again later");
                return;
            }
            session = new Session(socket, config, store, tlsContext, this);
            sessions.add(session);
            perClient.put(client, fromClient + 1);
        }
        try {
            workers.execute(session);
        } catch (RuntimeException e) {
            ended(session, client);
            refuse(socket, "4.3.2 shutting down");
        }
    }

    private void refuse(Socket socket, String text) {
        try (socket; OutputStream out = socket.getOutputStream()) {
            out.write(("421 " + text + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
        } catch (IOException e) {
            LOG.debug("refusing {}: {}", socket.getRemoteSocketAddress(), e.toString());
        }
    }
}
