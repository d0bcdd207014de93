package io.mxguard.lab.dns;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Arrays;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;

/**
 * HijackUpstream - the hijacker's own client to its upstream: one query over UDP, again over TCP
 * when the reply is truncated (RFC 7766 §5). Replies whose ID or question do not match are
 * ignored, not fatal.
 *
 * <p>Thread-safe: each exchange uses its own sockets. Loopback upstreams only.
 */
final class HijackUpstream {
    private final InetSocketAddress upstream;
    private final Duration timeout;

    HijackUpstream(InetSocketAddress upstream, Duration timeout) {
        if (!upstream.getAddress().isLoopbackAddress()) {
            throw new IllegalArgumentException("the lab forwards to loopback only, not " + upstream);
        }
        this.upstream = upstream;
        this.timeout = timeout;
    }

    InetSocketAddress address() {
        return upstream;
    }

    /** exchange - send the query, return the upstream's complete reply. */
    Message exchange(Message query) throws IOException {
        Message reply = overUdp(query);
        return reply.getHeader().getFlag(Flags.TC) ? overTcp(query) : reply;
    }

    private Message overUdp(Message query) throws IOException {
        byte[] out = query.toWire();
        long deadline = System.nanoTime() + timeout.toNanos();
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(upstream.getAddress(), 0))) {
            socket.connect(upstream);
            socket.send(new DatagramPacket(out, out.length));
            byte[] buffer = new byte[DnsWire.MAX_TCP_MESSAGE];
            while (true) {
                long left = Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
                if (deadline - System.nanoTime() <= 0) {
                    throw new SocketTimeoutException("no reply from " + upstream + " in " + timeout);
                }
                socket.setSoTimeout((int) left);
                DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                socket.receive(packet);
                Message reply = parse(Arrays.copyOf(packet.getData(), packet.getLength()));
                if (reply != null && matches(query, reply)) {
                    return reply;
                }
            }
        }
    }

    private Message overTcp(Message query) throws IOException {
        byte[] out = query.toWire();
        try (Socket socket = new Socket()) {
            socket.connect(upstream, (int) timeout.toMillis());
            socket.setSoTimeout((int) timeout.toMillis());
            OutputStream os = socket.getOutputStream();
            byte[] framed = new byte[out.length + 2];
            framed[0] = (byte) (out.length >>> 8);
            framed[1] = (byte) out.length;
            System.arraycopy(out, 0, framed, 2, out.length);
            os.write(framed);
            os.flush();
            DataInputStream in = new DataInputStream(socket.getInputStream());
            int length = in.readUnsignedShort();
            byte[] data = new byte[length];
            in.readFully(data);
            Message reply = parse(data);
            if (reply == null || !matches(query, reply)) {
                throw new IOException("unusable TCP reply from " + upstream);
            }
            return reply;
        }
    }

    private static Message parse(byte[] data) {
        try {
            return new Message(data);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static boolean matches(Message query, Message reply) {
        return reply.getHeader().getID() == query.getHeader().getID()
                && reply.getHeader().getFlag(Flags.QR)
                && query.getQuestion().equals(reply.getQuestion());
    }
}
