package io.mxguard.lab.relay;

import static org.assertj.core.api.Assertions.assertThat;

import io.mxguard.lab.smtp.ReceivedMessage;
import io.mxguard.lab.world.LabWorld;
import io.mxguard.queue.QueueState;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The relay killed with SIGKILL while clients submit and it delivers: DESIGN §5 Queue, "on restart every
 * acknowledged message is either delivered, still queued, or bounced — never lost". A child JVM runs the
 * pipeline ({@link RelayMain}) in front of this JVM's lab world; it is killed at seeded random moments and
 * restarted on the same spool. At the end, with the spool drained, Bob's MX must hold every message that got a
 * 250. Duplicates are allowed (at-least-once: a kill between Bob's 250 and the unlink); losses are not.
 *
 * <p>SIGKILL ends the process, not the machine: the page cache survives, so this proves the queue's
 * protocol (write, rename, recover), not that its fsyncs reach the disk.
 */
class RelayCrashTest {
    private static final long SEED = Long.getLong("mxguard.crash.seed", 20261130L);
    private static final int KILLS = 4;
    private static final int CLIENTS = 3;
    private static final int MAX_MESSAGES = 80;
    private static final Duration READY = Duration.ofSeconds(20);
    private static final Duration DRAIN = Duration.ofSeconds(20);
    private static LabWorld world;

    @TempDir
    Path dir;
    private Process relay;
    private volatile InetSocketAddress relayAt;

    @BeforeAll
    static void startWorld() throws Exception {
        world = LabWorld.start();
    }

    @AfterAll
    static void stopWorld() {
        world.close();
    }

    @AfterEach
    void stopRelay() throws InterruptedException {
        if (relay != null && relay.isAlive()) {
            relay.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void sigkillDuringSubmitAndDelivery_everyAcknowledgedMessageReachesBob() throws Exception {
        Path spool = dir.resolve("spool");
        Path log = dir.resolve("relay.log");
        Random random = new Random(SEED);
        String run = "crash-" + Long.toHexString(SEED) + "-" + System.nanoTime();
        Map<String, Submission> submitted = new ConcurrentHashMap<>();
        AtomicInteger next = new AtomicInteger();
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        try {
            relayAt = startRelay(spool, log);
            List<Future<?>> running = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                running.add(clients.submit(() -> submitUntilDone(run, next, submitted)));
            }
            for (int k = 0; k < KILLS; k++) {
                Thread.sleep(300 + random.nextInt(900));
                relayAt = null;
                relay.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                relayAt = startRelay(spool, log);
            }
            Thread.sleep(500);
            next.set(MAX_MESSAGES); // the clients stop after their current message
            for (Future<?> f : running) {
                f.get(30, TimeUnit.SECONDS);
            }
            boolean drained = drain(spool);

            Tally t = Tally.of(submitted.values(), world.bobMx().messages());
            System.out.printf("relay crash test: seed=%d kills=%d clients=%d submitted=%d acknowledged=%d "
                            + "delivered=%d duplicated=%d lost=%d deliveredWithoutAck=%d notAcknowledged=%d "
                            + "spoolDrained=%s corrupt=%d%n", SEED, KILLS, CLIENTS, submitted.size(),
                    t.acknowledged, t.delivered, t.duplicated, t.lost.size(), t.deliveredWithoutAck,
                    t.notAcknowledged, drained, queued(spool, QueueState.CORRUPT));
            if (!t.lost.isEmpty() || !drained || Boolean.getBoolean("mxguard.crash.log")) {
                System.out.println("lost: " + t.lost + "\nrelay log tail:\n" + tail(log, Integer.getInteger("mxguard.crash.logLines", 60)));
            }
            assertThat(t.acknowledged).as("some messages were acknowledged").isPositive();
            assertThat(t.lost).as("acknowledged but never delivered to Bob").isEmpty();
            assertThat(drained).as("the spool emptied").isTrue();
            assertThat(queued(spool, QueueState.CORRUPT)).as("files in corrupt").isZero();
            assertThat(world.attackerMx().sawVerb("MAIL")).isFalse();
        } finally {
            next.set(MAX_MESSAGES);
            clients.shutdownNow();
        }
    }

    /** submitUntilDone - one client: fresh markers, one session each, whatever the relay answers. */
    private void submitUntilDone(String run, AtomicInteger next, Map<String, Submission> submitted) {
        Random pace = new Random(SEED ^ Thread.currentThread().getId());
        try {
            while (true) {
                InetSocketAddress at = relayAt;
                if (at == null) {
                    Thread.sleep(20); // the relay is restarting: wait without spending a message
                    continue;
                }
                int i = next.getAndIncrement();
                if (i >= MAX_MESSAGES) {
                    return;
                }
                String marker = run + "-" + i;
                submitted.put(marker, Submission.submit(at, marker, "bob@destination.com"));
                Thread.sleep(60 + pace.nextInt(120));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** startRelay - a child JVM on {@code spool}; returns once it wrote its SMTP port. */
    private InetSocketAddress startRelay(Path spool, Path log) throws Exception {
        Path portFile = dir.resolve("relay.port");
        Files.deleteIfExists(portFile);
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-Xshare:auto", "-Dorg.slf4j.simpleLogger.showDateTime=true",
                "-Dorg.slf4j.simpleLogger.dateTimeFormat=HH:mm:ss.SSS",
                "-cp", System.getProperty("java.class.path"),
                RelayMain.class.getName(),
                "resolver=" + RelayMain.arg(world.dns().honestResolver()),
                "anchor=" + world.dns().trustAnchorFile(),
                "smtpPort=" + world.smtpPort(),
                "spool=" + spool,
                "portFile=" + portFile));
        for (InetAddress route : List.of(world.addresses().bobMx(), world.addresses().attackerMx())) {
            command.add("route=" + RelayMain.arg(new InetSocketAddress(route, world.smtpPort())) + "="
                    + RelayMain.arg(world.smtpEndpoint(route, world.smtpPort())));
        }
        relay = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        long deadline = System.nanoTime() + READY.toNanos();
        while (!Files.exists(portFile)) {
            if (!relay.isAlive() || System.nanoTime() > deadline) {
                throw new AssertionError("the relay did not start (exit " + (relay.isAlive() ? "-" : relay.exitValue())
                        + "):\n" + tail(log, 40));
            }
            Thread.sleep(20);
        }
        int port = Integer.parseInt(Files.readString(portFile, StandardCharsets.US_ASCII).trim());
        return new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port);
    }

    /** drain - wait until incoming, active and deferred are empty; false if they are not within {@link #DRAIN}. */
    private static boolean drain(Path spool) throws Exception {
        long deadline = System.nanoTime() + DRAIN.toNanos();
        while (queued(spool, QueueState.INCOMING) + queued(spool, QueueState.ACTIVE)
                + queued(spool, QueueState.DEFERRED) > 0) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(100);
        }
        return true;
    }

    /** queued - message files in one state directory, read without opening the spool (the child owns it). */
    private static long queued(Path spool, QueueState state) throws IOException {
        Path d = spool.resolve(state.directory());
        if (!Files.isDirectory(d)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(d)) {
            return files.filter(p -> !p.getFileName().toString().startsWith(".")).count();
        }
    }

    private static String tail(Path log, int lines) throws IOException {
        if (!Files.exists(log)) {
            return "(no log)";
        }
        List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }

    /** Tally - what Bob's MX holds against what the relay acknowledged. */
    private record Tally(long acknowledged, long delivered, long duplicated, List<String> lost,
                         long deliveredWithoutAck, long notAcknowledged) {
        static Tally of(Iterable<Submission> submitted, List<ReceivedMessage> atBob) {
            long acknowledged = 0;
            long delivered = 0;
            long duplicated = 0;
            long withoutAck = 0;
            long notAcknowledged = 0;
            List<String> lost = new ArrayList<>();
            for (Submission s : submitted) {
                long copies = Submission.copiesAt(atBob, s.marker());
                if (s.acknowledged()) {
                    acknowledged++;
                    if (copies == 0) {
                        lost.add(s.marker());
                    } else {
                        delivered++;
                    }
                } else {
                    notAcknowledged++;
                    if (copies > 0) {
                        withoutAck++;
                    }
                }
                if (copies > 1) {
                    duplicated++;
                }
            }
            return new Tally(acknowledged, delivered, duplicated, lost, withoutAck, notAcknowledged);
        }
    }
}
