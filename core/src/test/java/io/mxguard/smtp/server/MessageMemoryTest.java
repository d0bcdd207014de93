package io.mxguard.smtp.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The server-wide budget for message text being received: a message that finds it spent is read to its end,
 * kept nowhere and refused with 452 4.3.1; the session goes on; every octet is given back.
 */
class MessageMemoryTest {
    private static final int BUDGET = 8_000;

    /** lines - {@code n} lines of 98 octets plus CRLF: 100 octets each. */
    private static String lines(int n) {
        return ("x".repeat(98) + "\r\n").repeat(n);
    }

    private static ServerFixture server() throws Exception {
        return ServerFixture.start(ServerFixture.config().withMessageMemory(BUDGET));
    }

    private static void envelope(RawClient c) throws Exception {
        c.send("MAIL FROM:<a@app.test>\r\n");
        assertThat(c.reply()).startsWith("250");
        c.send("RCPT TO:<b@example.com>\r\n");
        assertThat(c.reply()).startsWith("250");
        c.send("DATA\r\n");
        assertThat(c.reply()).startsWith("354");
    }

    private static RawClient greeted(ServerFixture f) throws Exception {
        RawClient c = f.raw();
        c.reply();
        c.send("EHLO app.test\r\n");
        c.reply();
        return c;
    }

    // The session gives its share back just after its reply: wait for it (bounded), then it must be all.
    private static void assertGivenBack(ServerFixture f) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (f.server.messageMemory().used() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(f.server.messageMemory().used()).isZero();
    }

    @Test
    void messagesThatFit_oneAfterAnother_allAccepted_andTheBudgetIsGivenBack() throws Exception {
        try (ServerFixture f = server(); RawClient c = greeted(f)) {
            for (int i = 0; i < 4; i++) {
                envelope(c);
                c.send(lines(60) + ".\r\n"); // 6 000 octets: fits alone, not twice
                assertThat(c.reply()).startsWith("250 2.0.0");
            }
            assertThat(f.store.stored()).hasSize(4);
            assertGivenBack(f);
        }
    }

    @Test
    void aMessageBiggerThanTheWholeBudget_452_keptNowhere_sessionGoesOn() throws Exception {
        try (ServerFixture f = server(); RawClient c = greeted(f)) {
            envelope(c);
            c.send(lines(100) + ".\r\n"); // 10 000 octets, under the size limit but over the budget
            assertThat(c.reply()).isEqualTo("452 4.3.1 insufficient system storage: too many messages being received"
                    + " at once; try again later");
            assertThat(f.server.messageMemory().used()).isZero();
            envelope(c);
            c.send(lines(1) + ".\r\n");
            assertThat(c.reply()).startsWith("250 2.0.0");
            assertThat(f.store.stored()).hasSize(1);
        }
    }

    @Test
    void whileOneSessionHoldsMostOfIt_anotherLargeMessageGets452_aSmallOneStillFits() throws Exception {
        try (ServerFixture f = server(); RawClient holder = greeted(f); RawClient other = greeted(f)) {
            envelope(holder);
            holder.send(lines(60)); // 6 000 octets read and held; no end of data yet
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (f.server.messageMemory().used() < 6_000 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertThat(f.server.messageMemory().used()).isEqualTo(6_000);

            envelope(other);
            other.send(lines(30) + ".\r\n"); // 3 000 octets: 2 000 are left
            assertThat(other.reply()).startsWith("452 4.3.1");
            envelope(other);
            other.send(lines(10) + ".\r\n"); // 1 000 octets fit
            assertThat(other.reply()).startsWith("250 2.0.0");

            holder.send(".\r\n");
            assertThat(holder.reply()).startsWith("250 2.0.0");
            assertThat(f.store.stored()).hasSize(2);
            assertGivenBack(f);
        }
    }
}
