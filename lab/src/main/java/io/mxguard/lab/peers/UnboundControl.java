package io.mxguard.lab.peers;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * UnboundControl - one {@code unbound-control} command over unbound's Unix control socket, without
 * forking the program: the request is {@code UBCT1 <command>\n} (unbound-control's {@code go_cmd},
 * protocol version 1), the reply everything unbound writes until it closes the connection. Only for
 * sockets without TLS ({@code control-use-cert: no}). Bounded in time and in reply size.
 */
final class UnboundControl {

    private static final int MAX_REPLY = 64 * 1024;

    private UnboundControl() {
    }

    /** send - {@code command} to the control socket, unbound's whole reply; IOException after {@code timeout}. */
    static String send(Path socket, String command, Duration timeout) throws IOException {
        if (command.isBlank() || command.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("one command on one line, not: " + command);
        }
        // unbound-control's wire form (its go_cmd): "UBCT1 <command>\n", then the reply until EOF.
        byte[] request = ("UBCT1 " + command + "\n").getBytes(StandardCharsets.US_ASCII);
        long deadline = System.nanoTime() + timeout.toNanos();
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
             Selector selector = Selector.open()) {
            ch.connect(UnixDomainSocketAddress.of(socket));
            ch.configureBlocking(false);
            ByteBuffer out = ByteBuffer.wrap(request);
            ByteBuffer in = ByteBuffer.allocate(MAX_REPLY);
            SelectionKey key = ch.register(selector, SelectionKey.OP_WRITE);
            while (true) {
                if (out.hasRemaining()) {
                    ch.write(out);
                    key.interestOps(out.hasRemaining() ? SelectionKey.OP_WRITE : SelectionKey.OP_READ);
                } else {
                    int n = ch.read(in);
                    if (n < 0) {
                        in.flip();
                        return StandardCharsets.US_ASCII.decode(in).toString();
                    }
                    if (!in.hasRemaining()) {
                        throw new IOException("unbound's reply to '" + command + "' exceeds " + MAX_REPLY
                                + " bytes");
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new IOException("unbound did not answer '" + command + "' on " + socket
                            + " within " + timeout.toMillis() + " ms");
                }
                selector.select(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
            }
        }
    }
}
