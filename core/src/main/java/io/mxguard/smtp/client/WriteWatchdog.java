package io.mxguard.smtp.client;

import java.io.IOException;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * WriteWatchdog - bounds blocking socket writes, which Java sockets cannot time out themselves:
 * a write still running at its deadline gets the socket closed under it (RFC 5321 §4.5.3.2.5).
 */
final class WriteWatchdog {
    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "smtp-write-watchdog");
        t.setDaemon(true);
        return t;
    });

    private volatile boolean fired;

    boolean fired() {
        return fired;
    }

    /** Write - a blocking write to bound. */
    interface Write {
        void run() throws IOException;
    }

    /** run - the write, with {@code socket} closed if it is still running after {@code timeout}. */
    void run(Socket socket, Duration timeout, Write write) throws IOException {
        ScheduledFuture<?> alarm = TIMER.schedule(() -> {
            fired = true;
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing is the point; nothing more to do
            }
        }, timeout.toMillis(), TimeUnit.MILLISECONDS);
        try {
            write.run();
        } finally {
            alarm.cancel(false);
        }
    }
}
