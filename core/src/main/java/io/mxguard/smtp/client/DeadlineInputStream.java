package io.mxguard.smtp.client;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;

/**
 * DeadlineInputStream - reads that share one deadline: each read's socket timeout is what is left
 * of it, so a server trickling a byte at a time cannot stretch an RFC 5321 §4.5.3.2 timeout.
 */
final class DeadlineInputStream extends FilterInputStream {
    private final Socket socket;
    private long deadlineNanos = Long.MAX_VALUE;

    DeadlineInputStream(InputStream in, Socket socket) {
        super(in);
        this.socket = socket;
    }

    void deadlineIn(java.time.Duration timeout) {
        deadlineNanos = System.nanoTime() + timeout.toNanos();
    }

    @Override
    public int read() throws IOException {
        arm();
        return super.read();
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        arm();
        return super.read(b, off, len);
    }

    private void arm() throws IOException {
        long leftMillis = (deadlineNanos - System.nanoTime()) / 1_000_000;
        if (leftMillis <= 0) {
            throw new SocketTimeoutException("deadline passed");
        }
        socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, leftMillis));
    }
}
