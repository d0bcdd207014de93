package io.mxguard.queue;

import io.mxguard.smtp.DsnNotify;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpoolTest {
    @TempDir
    Path dir;

    final MutableClock clock = new MutableClock(Instant.parse("2024-05-01T10:00:00Z"));

    static QueueEnvelope envelope(String sender, String... rcpts) {
        return new QueueEnvelope(sender, List.of(rcpts).stream().map(QueueEnvelope.Recipient::of).toList(),
                Optional.empty(), QueueEnvelope.Ret.DEFAULT, false, "client.example [127.0.0.1]");
    }

    static byte[] content(String subject) {
        return ("From: alice@source.com\r\nTo: bob@destination.com\r\nSubject: " + subject + "\r\n\r\nHello\r\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void enqueue_writesACompleteFileAndSyncsTheDirectory() throws Exception {
        Spool spool = Spool.open(dir, clock);
        String id = spool.enqueue(envelope("alice@source.com", "bob@destination.com"), content("hi"));

        Path file = dir.resolve("incoming").resolve(id);
        assertThat(file).exists();
        String text = Files.readString(file, StandardCharsets.ISO_8859_1);
        assertThat(text).startsWith("mxguard-queue 1\n").endsWith("\nEND\n").contains("Subject: hi");
        assertThat(spool.directorySyncs(QueueState.INCOMING)).isEqualTo(1);
        assertThat(Files.list(dir.resolve("incoming"))).hasSize(1);
        for (QueueState s : QueueState.values()) {
            assertThat(Files.getPosixFilePermissions(dir.resolve(s.directory())))
                    .isEqualTo(PosixFilePermissions.fromString("rwx------"));
        }
    }

    @Test
    void roundTrip_keepsEveryEnvelopeField() throws Exception {
        Spool spool = Spool.open(dir, clock);
        QueueEnvelope e = new QueueEnvelope("odd sender%@x", List.of(
                new QueueEnvelope.Recipient("bob@destination.com", Set.of(DsnNotify.SUCCESS,
                        DsnNotify.DELAY), Optional.of("rfc822;Bob@Destination.com")),
                QueueEnvelope.Recipient.of("-")), Optional.of("env 1"), QueueEnvelope.Ret.HDRS, true, "é [::1]");
        String id = spool.enqueue(e, content("x"));

        QueuedMessage m = Spool.open(dir, clock).load(QueueState.INCOMING, id).orElseThrow();
        assertThat(m.envelope()).isEqualTo(e);
        assertThat(m.content()).isEqualTo(content("x"));
        assertThat(m.arrival()).isEqualTo(clock.instant());
        assertThat(m.recipients()).allMatch(r -> r.status() == RecipientState.Status.PENDING);
    }

    @Test
    void restart_findsEveryEnqueuedMessage() throws Exception {
        Spool spool = Spool.open(dir, clock);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(spool.enqueue(envelope("alice@source.com", "bob@destination.com"), content("m" + i)));
        }
        Files.writeString(dir.resolve("incoming").resolve(".tmp-leftover"), "half written");

        Spool again = Spool.open(dir, clock);
        assertThat(again.list(QueueState.INCOMING)).containsExactlyElementsOf(ids.stream().sorted().toList());
        assertThat(dir.resolve("incoming").resolve(".tmp-leftover")).doesNotExist();
    }

    @Test
    void truncatedAndGarbageFiles_goToCorrupt_othersStillLoad() throws Exception {
        Spool spool = Spool.open(dir, clock);
        String good = spool.enqueue(envelope("alice@source.com", "bob@destination.com"), content("good"));
        String truncated = spool.enqueue(envelope("alice@source.com", "bob@destination.com"), content("cut"));
        Path t = dir.resolve("incoming").resolve(truncated);
        byte[] whole = Files.readAllBytes(t);
        Files.write(t, java.util.Arrays.copyOf(whole, whole.length - 4));
        String garbage = "0000000000ff-0123456789abcdef";
        Files.write(dir.resolve("incoming").resolve(garbage), new byte[] {0, 1, 2, (byte) 0xff, '\n'});

        assertThat(spool.load(QueueState.INCOMING, truncated)).isEmpty();
        assertThat(spool.load(QueueState.INCOMING, garbage)).isEmpty();
        assertThat(spool.load(QueueState.INCOMING, good)).isPresent();
        assertThat(dir.resolve("corrupt").resolve(truncated)).exists();
        assertThat(dir.resolve("corrupt").resolve(garbage)).exists();
        assertThat(spool.list(QueueState.INCOMING)).containsExactly(good);
    }

    @Test
    void badVersion_isCorrupt() throws Exception {
        Spool spool = Spool.open(dir, clock);
        String id = spool.enqueue(envelope("alice@source.com", "bob@destination.com"), content("v"));
        Path f = dir.resolve("incoming").resolve(id);
        Files.writeString(f, Files.readString(f, StandardCharsets.ISO_8859_1).replaceFirst("mxguard-queue 1",
                "mxguard-queue 9"), StandardCharsets.ISO_8859_1);
        assertThat(spool.load(QueueState.INCOMING, id)).isEmpty();
        assertThat(dir.resolve("corrupt").resolve(id)).exists();
    }

    @Test
    void groupCommit_concurrentEnqueuesShareDirectorySyncs() throws Exception {
        // a slow disk: each directory sync takes 20 ms, so callers pile up behind it
        GroupSync.Force slow = d -> {
            GroupSync.Force.DIRECTORY.force(d);
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        Spool spool = Spool.open(dir, clock, slow);
        int n = 32;
        List<String> ids = enqueueConcurrently(spool, n, n);

        long syncs = spool.directorySyncs(QueueState.INCOMING);
        System.out.printf("group commit: %d concurrent enqueues, %d directory syncs%n", n, syncs);
        assertThat(ids).hasSize(n).doesNotHaveDuplicates();
        assertThat(syncs).isLessThan(n).isGreaterThanOrEqualTo(1);
    }

    @Test
    void concurrentEnqueue_from8Threads_eachStoredExactlyOnce() throws Exception {
        Spool spool = Spool.open(dir, clock);
        List<String> ids = enqueueConcurrently(spool, 8, 200);

        assertThat(ids).hasSize(200).doesNotHaveDuplicates();
        assertThat(Spool.open(dir, clock).list(QueueState.INCOMING)).containsExactlyInAnyOrderElementsOf(ids);
        System.out.printf("8 threads, 200 enqueues: %d directory syncs%n", spool.directorySyncs());
    }

    private List<String> enqueueConcurrently(Spool spool, int threads, int messages) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        ConcurrentLinkedQueue<String> ids = new ConcurrentLinkedQueue<>();
        List<Future<?>> futures = new ArrayList<>();
        for (int i = 0; i < messages; i++) {
            int k = i;
            futures.add(pool.submit(() -> {
                start.await();
                ids.add(spool.enqueue(envelope("alice@source.com", "bob@destination.com"), content("c" + k)));
                return null;
            }));
        }
        start.countDown();
        for (Future<?> f : futures) {
            f.get();
        }
        pool.shutdown();
        return new ArrayList<>(ids);
    }

    @Test
    void attach_toALiveSpool_removesNoTempFile_andRefusesANonQueueDirectory(@org.junit.jupiter.api.io.TempDir Path dir)
            throws Exception {
        Spool.open(dir, java.time.Clock.systemUTC());
        Path writing = dir.resolve(QueueState.INCOMING.directory()).resolve(".tmp-being-written");
        java.nio.file.Files.writeString(writing, "half a message");
        Spool.attach(dir, java.time.Clock.systemUTC());
        org.assertj.core.api.Assertions.assertThat(writing).exists();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Spool.attach(dir.resolve("nope"), java.time.Clock.systemUTC()))
                .isInstanceOf(java.nio.file.NoSuchFileException.class);
    }
}
