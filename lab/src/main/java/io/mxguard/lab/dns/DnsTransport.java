package io.mxguard.lab.dns;

import io.mxguard.lab.dns.DnsQueryEvent.Outcome;
import io.mxguard.lab.dns.DnsQueryEvent.Transport;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.BindException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;

/**
 * DnsTransport - UDP and TCP on one loopback port in front of a {@link DnsResponder}: framing,
 * screening of garbage, truncation to the client's UDP size, bounded threads and connections,
 * and one {@link DnsQueryEvent} per packet.
 *
 * <p>Threads: one UDP receiver, one TCP acceptor, {@code workers} UDP answerers (a full queue drops
 * packets, as a loaded server does), and one thread per TCP connection up to
 * {@code maxTcpConnections} (more are closed at accept). {@link #close()} closes every socket and
 * stops every thread; it is idempotent.
 */
final class DnsTransport implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DnsTransport.class);
    private static final int BIND_ATTEMPTS = 20;

    private final String server;
    private final DnsServerConfig config;
    private final DnsResponder responder;
    private final Consumer<DnsQueryEvent> listener;
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Set<Socket> connections = ConcurrentHashMap.newKeySet();

    private volatile DatagramSocket udp;
    private volatile ServerSocket tcp;
    private ThreadPoolExecutor udpWorkers;
    private ThreadPoolExecutor tcpWorkers;
    private Thread udpReceiver;
    private Thread tcpAcceptor;

    DnsTransport(String server, DnsServerConfig config, DnsResponder responder, Consumer<DnsQueryEvent> listener) {
        this.server = server;
        this.config = config;
        this.responder = responder;
        this.listener = listener;
    }

    /** start - bind UDP and TCP on the same port and begin serving. */
    void start() throws IOException {
        if (closed.get()) {
            throw new IllegalStateException(server + " DNS server is closed");
        }
        if (!started.compareAndSet(false, true)) {
            throw new IllegalStateException(server + " DNS server already started");
        }
        bind();
        udpWorkers = new ThreadPoolExecutor(config.workers(), config.workers(), 0, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(256), threads("udp-worker"), new ThreadPoolExecutor.AbortPolicy());
        tcpWorkers = new ThreadPoolExecutor(config.maxTcpConnections(), config.maxTcpConnections(), 0,
                TimeUnit.SECONDS, new SynchronousQueue<>(), threads("tcp-conn"), new ThreadPoolExecutor.AbortPolicy());
        udpReceiver = threads("udp").newThread(this::receiveUdp);
        tcpAcceptor = threads("tcp").newThread(this::acceptTcp);
        udpReceiver.start();
        tcpAcceptor.start();
    }

    /** address - where we listen (the real port once started). */
    InetSocketAddress address() {
        DatagramSocket socket = udp;
        if (socket == null) {
            throw new IllegalStateException(server + " DNS server not started");
        }
        return new InetSocketAddress(config.bind().getAddress(), socket.getLocalPort());
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        closeQuietly(udp);
        closeQuietly(tcp);
        connections.forEach(DnsTransport::closeQuietly);
        for (ThreadPoolExecutor pool : Arrays.asList(udpWorkers, tcpWorkers)) {
            if (pool != null) {
                pool.shutdownNow();
            }
        }
        for (Thread t : Arrays.asList(udpReceiver, tcpAcceptor)) {
            if (t != null) {
                try {
                    t.join(2000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    private void bind() throws IOException {
        InetSocketAddress want = config.bind();
        int attempts = want.getPort() == 0 ? BIND_ATTEMPTS : 1;
        BindException last = null;
        for (int i = 0; i < attempts; i++) {
            DatagramSocket u = new DatagramSocket(null);
            ServerSocket t = new ServerSocket();
            try {
                u.setReceiveBufferSize(1 << 20); // absorb bursts rather than lose them in the kernel
                u.bind(want);
                t.setReuseAddress(true); // a restarted lab rebinds despite TIME_WAIT
                t.bind(new InetSocketAddress(want.getAddress(), u.getLocalPort()), 64);
                udp = u;
                tcp = t;
                return;
            } catch (BindException e) {
                last = e; // the UDP port's TCP twin was taken: pick another pair
                closeQuietly(u);
                closeQuietly(t);
            } catch (IOException | RuntimeException e) {
                closeQuietly(u);
                closeQuietly(t);
                throw e;
            }
        }
        throw last;
    }

    private void receiveUdp() {
        byte[] buffer = new byte[DnsWire.MAX_TCP_MESSAGE];
        DatagramSocket socket = udp;
        while (!closed.get()) {
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
                socket.receive(packet);
            } catch (IOException e) {
                if (closed.get() || socket.isClosed()) {
                    return;
                }
                LOG.debug("{}: UDP receive failed: {}", server, e.toString());
                continue;
            }
            byte[] data = Arrays.copyOfRange(packet.getData(), packet.getOffset(), packet.getOffset() + packet.getLength());
            InetSocketAddress client = (InetSocketAddress) packet.getSocketAddress();
            try {
                udpWorkers.execute(() -> answerUdp(socket, data, client));
            } catch (RejectedExecutionException e) {
                if (closed.get()) {
                    return;
                }
                // overloaded: drop, as a busy server does; the client retries
                emit(Transport.UDP, client, null, Outcome.DROPPED, Rcode.NOERROR, List.of("overload: queue full"));
            }
        }
    }

    private void answerUdp(DatagramSocket socket, byte[] data, InetSocketAddress client) {
        Optional<byte[]> reply = handle(data, client, Transport.UDP);
        if (reply.isPresent()) {
            try {
                socket.send(new DatagramPacket(reply.get(), reply.get().length, client));
            } catch (IOException e) {
                LOG.debug("{}: UDP send to {} failed: {}", server, client, e.toString());
            }
        }
    }

    private void acceptTcp() {
        ServerSocket socket = tcp;
        while (!closed.get()) {
            Socket connection;
            try {
                connection = socket.accept();
            } catch (IOException e) {
                if (closed.get() || socket.isClosed()) {
                    return;
                }
                LOG.debug("{}: TCP accept failed: {}", server, e.toString());
                continue;
            }
            connections.add(connection);
            try {
                tcpWorkers.execute(() -> serveTcp(connection));
            } catch (RejectedExecutionException e) {
                LOG.debug("{}: too many TCP connections, closing {}", server, connection.getRemoteSocketAddress());
                connections.remove(connection);
                closeQuietly(connection);
            }
        }
    }

    /** serveTcp - any number of framed queries on one connection (RFC 7766 §6.2.1), answered in order. */
    private void serveTcp(Socket connection) {
        InetSocketAddress client = (InetSocketAddress) connection.getRemoteSocketAddress();
        try (connection) {
            connection.setSoTimeout((int) Math.max(1, config.tcpIdleTimeout().toMillis()));
            DataInputStream in = new DataInputStream(new BufferedInputStream(connection.getInputStream()));
            OutputStream out = new BufferedOutputStream(connection.getOutputStream());
            while (!closed.get()) {
                int length = readLength(in);
                if (length < 0) {
                    return; // clean end of stream
                }
                if (length > config.maxQuerySize()) {
                    emit(Transport.TCP, client, null, Outcome.DROPPED, Rcode.NOERROR,
                            List.of("TCP frame of " + length + " bytes; connection closed"));
                    return;
                }
                byte[] query = new byte[length];
                in.readFully(query);
                Optional<byte[]> reply = handle(query, client, Transport.TCP);
                if (reply.isPresent()) {
                    byte[] bytes = reply.get();
                    out.write(bytes.length >>> 8);
                    out.write(bytes.length & 0xFF);
                    out.write(bytes);
                    out.flush();
                }
            }
        } catch (SocketTimeoutException e) {
            LOG.debug("{}: TCP connection from {} idle, closed", server, client);
        } catch (EOFException e) {
            LOG.debug("{}: TCP connection from {} ended inside a frame", server, client);
        } catch (IOException e) {
            if (!closed.get()) {
                LOG.debug("{}: TCP connection from {} failed: {}", server, client, e.toString());
            }
        } finally {
            connections.remove(connection);
        }
    }

    private static int readLength(InputStream in) throws IOException {
        int hi = in.read();
        if (hi < 0) {
            return -1;
        }
        int lo = in.read();
        if (lo < 0) {
            throw new EOFException("connection closed inside a length prefix");
        }
        return (hi << 8) | lo;
    }

    /** handle - screen, answer, fit and report one packet; the bytes to send back, if any. */
    private Optional<byte[]> handle(byte[] packet, InetSocketAddress client, Transport transport) {
        try {
            return screenAndAnswer(packet, client, transport);
        } catch (RuntimeException e) {
            LOG.warn("{}: internal error on a {}-byte packet from {}", server, packet.length, client, e); // a bug
            emit(transport, client, null, Outcome.DROPPED, Rcode.SERVFAIL, List.of("internal error: " + e));
            return Optional.empty();
        }
    }

    private Optional<byte[]> screenAndAnswer(byte[] packet, InetSocketAddress client, Transport transport) {
        DnsWire.Screened screened = DnsWire.screen(packet, config.maxQuerySize());
        if (screened instanceof DnsWire.Drop drop) {
            emit(transport, client, null, Outcome.DROPPED, Rcode.NOERROR, List.of(drop.why()));
            return Optional.empty();
        }
        if (screened instanceof DnsWire.Reject reject) {
            emit(transport, client, reject.question(), Outcome.REJECTED, reject.rcode(), List.of(reject.why()));
            return Optional.of(reject.reply());
        }
        Message query = ((DnsWire.Query) screened).message();
        DnsResponder.Reply reply;
        try {
            reply = responder.respond(query, client);
        } catch (RuntimeException e) {
            LOG.warn("{}: answering {} failed", server, query.getQuestion(), e); // a bug, not garbage
            Message failure = DnsWire.replyTo(query, config.udpPayloadSize());
            DnsWire.setRcode(failure, Rcode.SERVFAIL);
            reply = new DnsResponder.Reply(failure, List.of("internal error: " + e));
        }
        int limit = transport == Transport.UDP
                ? DnsWire.udpLimit(query, config.udpPayloadSize())
                : DnsWire.MAX_TCP_MESSAGE;
        DnsWire.Rendered rendered = DnsWire.render(reply.message(), limit);
        emit(transport, client, query, rendered.truncated() ? Outcome.TRUNCATED : Outcome.ANSWERED,
                reply.message().getRcode(), reply.actions());
        return Optional.of(rendered.bytes());
    }

    private void emit(Transport transport, InetSocketAddress client, Message query, Outcome outcome, int rcode,
            List<String> actions) {
        Optional<Name> qname = Optional.ofNullable(query).map(Message::getQuestion).map(q -> q.getName());
        int qtype = query == null || query.getQuestion() == null ? 0 : query.getQuestion().getType();
        DnsQueryEvent event = new DnsQueryEvent(server, transport, client, qname, qtype, outcome, rcode, actions);
        LOG.debug("{}", event);
        try {
            listener.accept(event);
        } catch (RuntimeException e) {
            LOG.warn("{}: query listener failed", server, e);
        }
    }

    private ThreadFactory threads(String role) {
        AtomicInteger count = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, "mxguard-dns-" + server + "-" + role + "-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    private static void closeQuietly(AutoCloseable c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (Exception e) {
            LOG.trace("close failed", e);
        }
    }
}
