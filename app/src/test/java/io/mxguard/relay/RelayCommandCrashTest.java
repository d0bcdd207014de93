package io.mxguard.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.mxguard.lab.sender.LabMessage;
import io.mxguard.lab.world.LabWorld;
import io.mxguard.smtp.client.ClientOptions;
import io.mxguard.smtp.client.Envelope;
import io.mxguard.smtp.client.SmtpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The crash test on the real command: {@code mxguard relay} runs as a child JVM in front of a lab
 * world; clients submit concurrently while the relay is killed with SIGKILL at seeded random
 * moments and restarted on the same queue directory. Every message that got a 250 must reach
 * Bob's lab MX at least once (DESIGN §5: acknowledged mail is never lost).
 */
class RelayCommandCrashTest {
    private static final SmtpClient CLIENT = new SmtpClient(ClientOptions.defaults().withAllTimeouts(Duration.ofSeconds(5)));

    @TempDir
    Path dir;

    @Test
    void sigkillAtRandomMoments_noAcknowledgedMessageIsLost() throws Exception {
        try (LabWorld world = LabWorld.start()) {
            assumeFalse(world.singleAddress(), "needs 127.0.10.x (the relay has no lab endpoint map)");
            Path queue = dir.resolve("queue");
            Random random = new Random(Long.getLong("mxguard.crash.seed", 20261130L));
            List<String> acknowledged = new ArrayList<>(); // got 250: from then on the relay's
            ConcurrentLinkedQueue<String> acks = new ConcurrentLinkedQueue<>();
            AtomicInteger submitted = new AtomicInteger();
            RelayChild[] relay = {RelayChild.start(world, queue, dir.resolve("relay-0.log"))};
            AtomicBoolean stop = new AtomicBoolean();
            ExecutorService clients = Executors.newFixedThreadPool(3);
            try {
                for (int i = 0; i < 3; i++) {
                    clients.submit(() -> {
                        while (!stop.get()) { // keep submitting across kills: some sessions die mid-transaction
                            String marker = "crash-" + submitted.incrementAndGet() + "-" + Long.toHexString(System.nanoTime());
                            byte[] content = ("From: alice@source.com\r\nTo: bob@destination.com\r\nSubject: crash "
                                    + marker + "\r\n" + LabMessage.MARKER_HEADER + ": " + marker + "\r\n\r\nbody\r\n")
                                    .getBytes(StandardCharsets.US_ASCII);
                            var sent = CLIENT.deliver(relay[0].address, "client.source.com", Optional.empty(),
                                    Envelope.of("alice@source.com", "bob@destination.com"), content);
                            if (sent.isOk() && sent.value().transaction().dataReply().map(r -> r.code() == 250).orElse(false)) {
                                acks.add(marker);
                            } else {
                                pause(25); // the relay is down or restarting: do not spin
                            }
                        }
                    });
                }
                for (int kill = 1; kill <= 4; kill++) {
                    Thread.sleep(300 + random.nextInt(700));
                    relay[0].kill();
                    relay[0] = RelayChild.start(world, queue, dir.resolve("relay-" + kill + ".log"));
                }
                Thread.sleep(300);
                stop.set(true);
                clients.shutdown();
                assertThat(clients.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
                acknowledged.addAll(acks);
                long deadline = System.nanoTime() + Duration.ofSeconds(45).toNanos();
                while (System.nanoTime() < deadline && acknowledged.stream().anyMatch(m -> copies(world, m) == 0)) {
                    Thread.sleep(200);
                }
            } finally {
                stop.set(true);
                clients.shutdownNow();
                relay[0].kill();
            }
            long lost = acknowledged.stream().filter(m -> copies(world, m) == 0).count();
            long duplicated = acknowledged.stream().filter(m -> copies(world, m) > 1).count();
            System.out.println("relay command crash test: kills=4 submitted=" + submitted.get() + " acknowledged="
                    + acknowledged.size() + " delivered=" + (acknowledged.size() - lost) + " duplicated=" + duplicated
                    + " lost=" + lost);
            assertThat(acknowledged).isNotEmpty();
            assertThat(lost).as("acknowledged but never delivered; logs in " + dir).isZero();
            assertThat(world.attackerMx().sawVerb("MAIL")).isFalse();
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static long copies(LabWorld world, String marker) {
        return world.bobMx().messages().stream().filter(m -> LabMessage.carries(m.data(), marker)).count();
    }
}
