package io.mxguard.lab.smtp;

import io.mxguard.pki.Certificates;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * LabMailServer - a small, strict ESMTP server on loopback: Bob's MX in the lab, and the attacker's.
 *
 * <p>Announces PIPELINING, SIZE, 8BITMIME, SMTPUTF8, ENHANCEDSTATUSCODES, (with a certificate)
 * STARTTLS, TLS 1.2+, and DSN once {@link #announceDsn} turned it on: then RET, ENVID, NOTIFY and
 * ORCPT are checked (501 when malformed, RFC 3461 §5.1); while DSN is not announced they are refused
 * (555). Lines are CRLF and at most 1000 octets; bare CR or LF ends the connection (CVE-2023-51764);
 * DATA is dot-unstuffed and ends at CRLF.CRLF; SIZE is enforced while reading; every read has a
 * timeout. Stores every accepted message and every command line seen. {@link LabFault}s make it
 * misbehave on purpose.
 *
 * <p>With {@link Config#withForwardTo} it also acts as a relaying MTA: each message it stores is then
 * relayed, in the background and in order, to the next hop ({@link Forwarder}); {@link #forwarded()}
 * records each relay's outcome (Bob's final reply, the TLS used) and {@link #awaitForwarded} waits for
 * them. Thread-safe; {@link #close()} frees the port and all threads (a relay under way is abandoned).
 */
public final class LabMailServer implements AutoCloseable {

    /**
     * Config - where and how the server runs.
     *
     * @param address     loopback address to bind
     * @param port        port, 0 for a free one
     * @param hostname    name in the greeting and EHLO reply (and in EHLO when forwarding)
     * @param identity    certificate chain and key for STARTTLS, or null for none
     * @param maxSize     the SIZE announced and enforced, in octets
     * @param readTimeout timeout of every read from a client
     * @param threads     sessions served at once
     * @param forwardTo   where to relay every accepted message, or null to keep it
     */
    public record Config(InetAddress address, int port, String hostname, Certificates.Issued identity, long maxSize,
                         Duration readTimeout, int threads, Relay forwardTo) {
        public Config {
            Objects.requireNonNull(address, "address");
            Objects.requireNonNull(hostname, "hostname");
            Objects.requireNonNull(readTimeout, "readTimeout");
        }

        /** Config - a server that keeps what it accepts. */
        public Config(InetAddress address, int port, String hostname, Certificates.Issued identity, long maxSize,
                      Duration readTimeout, int threads) {
            this(address, port, hostname, identity, maxSize, readTimeout, threads, null);
        }

        public static Config loopback(String hostname, Certificates.Issued identity) {
            return new Config(InetAddress.getLoopbackAddress(), 0, hostname, identity, 10L * 1024 * 1024,
                    Duration.ofSeconds(10), 4);
        }

        public Config withMaxSize(long size) {
            return new Config(address, port, hostname, identity, size, readTimeout, threads, forwardTo);
        }

        public Config withReadTimeout(Duration timeout) {
            return new Config(address, port, hostname, identity, maxSize, timeout, threads, forwardTo);
        }

        /**
         * withForwardTo - after storing a message, relay it to {@code nextHop} (where the next hop's server
         * really listens), naming it {@code nextHopHost} in SNI: the attacker's MX passing mail on to Bob.
         */
        public Config withForwardTo(InetSocketAddress nextHop, String nextHopHost) {
            return new Config(address, port, hostname, identity, maxSize, readTimeout, threads,
                    new Relay(nextHop, nextHopHost, Relay.DEFAULT_TIMEOUT));
        }
    }

    /**
     * Relay - the next hop a forwarding server passes its mail to.
     *
     * @param nextHop     the address to connect to
     * @param nextHopHost the next hop's host name, sent as SNI
     * @param timeout     every timeout of the relaying client
     */
    public record Relay(InetSocketAddress nextHop, String nextHopHost, Duration timeout) {
        public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

        public Relay {
            Objects.requireNonNull(nextHop, "nextHop");
            Objects.requireNonNull(nextHopHost, "nextHopHost");
            Objects.requireNonNull(timeout, "timeout");
        }
    }

    private final Config config;
    private final ServerSocket listener;
    private final ExecutorService pool;
    private final Thread acceptor;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final List<ReceivedMessage> messages = new CopyOnWriteArrayList<>();
    private final List<SeenCommand> commands = new CopyOnWriteArrayList<>();
    private final AtomicInteger connections = new AtomicInteger();
    private final Forwarder forwarder;
    private volatile List<LabFault> faults;
    private volatile boolean dsn;
    private volatile boolean closed;

    private LabMailServer(Config config, List<LabFault> faults) throws IOException {
        this.config = config;
        this.faults = List.copyOf(faults);
        this.listener = new ServerSocket(config.port(), 50, config.address());
        this.forwarder = config.forwardTo() == null ? null : new Forwarder(config.forwardTo(), config.hostname());
        this.pool = Executors.newFixedThreadPool(Math.max(1, config.threads()), r -> {
            Thread t = new Thread(r, "lab-smtp-session");
            t.setDaemon(true);
            return t;
        });
        this.acceptor = new Thread(this::acceptLoop, "lab-smtp-accept:" + listener.getLocalPort());
        acceptor.setDaemon(true);
    }

    /** start - bind and serve; the server runs until {@link #close()}. */
    public static LabMailServer start(Config config, LabFault... faults) throws IOException {
        LabMailServer server = new LabMailServer(config, List.of(faults));
        server.acceptor.start();
        return server;
    }

    public InetSocketAddress address() {
        return new InetSocketAddress(listener.getInetAddress(), listener.getLocalPort());
    }

    public Config config() {
        return config;
    }

    /** faults - replace the faults; new and running sessions see the change at their next step. */
    public void faults(LabFault... newFaults) {
        faults = List.of(newFaults);
    }

    List<LabFault> faults() {
        return faults;
    }

    /**
     * announceDsn - announce DSN (RFC 3461) in EHLO replies from now on, or stop; off when the server starts, so
     * by default it is a server that does not do DSN. A session keeps what its last EHLO announced.
     */
    public void announceDsn(boolean on) {
        dsn = on;
    }

    boolean dsnAnnounced() {
        return dsn;
    }

    <T extends LabFault> Optional<T> fault(Class<T> type) {
        return faults.stream().filter(type::isInstance).map(type::cast).findFirst();
    }

    public List<ReceivedMessage> messages() {
        return List.copyOf(messages);
    }

    public List<SeenCommand> commands() {
        return List.copyOf(commands);
    }

    /** sawVerb - whether any client ever sent this command (e.g. "MAIL") to this server. */
    public boolean sawVerb(String verb) {
        return commands.stream().anyMatch(c -> c.verb().equalsIgnoreCase(verb));
    }

    public int connections() {
        return connections.get();
    }

    /** forwarded - the relays that ended, in order (empty when the server does not forward). */
    public List<ForwardedMessage> forwarded() {
        return forwarder == null ? List.of() : forwarder.forwarded();
    }

    /**
     * awaitForwarded - wait until at least {@code count} relays have ended (delivered or failed) or
     * {@code timeout} passed; returns those that ended by then, so the caller asserts on the size.
     * An {@link IllegalStateException} if the server does not forward.
     */
    public List<ForwardedMessage> awaitForwarded(int count, Duration timeout) throws InterruptedException {
        if (forwarder == null) {
            throw new IllegalStateException(config.hostname() + " does not forward (Config.withForwardTo)");
        }
        return forwarder.await(count, timeout);
    }

    void received(ReceivedMessage m) {
        messages.add(m);
        if (forwarder != null) {
            forwarder.submit(m);
        }
    }

    void seen(SeenCommand c) {
        commands.add(c);
    }

    /** tlsContext - a server TLS context for the identity in effect (a {@link LabFault.TlsCertificate} wins). */
    Optional<SSLContext> tlsContext() {
        Certificates.Issued identity = fault(LabFault.TlsCertificate.class).map(LabFault.TlsCertificate::identity)
                .orElse(config.identity());
        if (identity == null) {
            return Optional.empty();
        }
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            char[] pass = "lab".toCharArray();
            ks.setKeyEntry("server", identity.privateKey(), pass, identity.chain().toArray(new Certificate[0]));
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, pass);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kmf.getKeyManagers(), null, null);
            return Optional.of(ctx);
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot build the lab server's TLS context: " + e.getMessage(), e);
        }
    }

    private void acceptLoop() {
        while (!closed) {
            Socket s;
            try {
                s = listener.accept();
            } catch (IOException e) {
                return; // closed
            }
            int id = connections.incrementAndGet();
            open.add(s);
            pool.execute(() -> {
                try {
                    new ServerSession(this, s, id).run();
                } finally {
                    open.remove(s);
                    try {
                        s.close();
                    } catch (IOException ignored) {
                        // already gone
                    }
                }
            });
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
        for (Socket s : open) {
            try {
                s.close();
            } catch (IOException ignored) {
                // already gone
            }
        }
        pool.shutdownNow();
        if (forwarder != null) {
            forwarder.close();
        }
        try {
            acceptor.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
