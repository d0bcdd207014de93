package io.mxguard.lab.relay;

import static org.assertj.core.api.Assertions.assertThat;

import io.mxguard.delivery.DeliveryReport;
import io.mxguard.delivery.RecipientOutcome;
import io.mxguard.queue.QueueConfig;
import io.mxguard.queue.QueueEnvelope;
import io.mxguard.queue.QueueManager;
import io.mxguard.queue.Spool;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The window in which a crash duplicates mail: from the remote server's 250 to the unlink of the queue
 * file. The crash test ({@link RelayCrashTest}) found whole backlogs re-delivered after each kill; this
 * pins the cause down without processes: with a backlog, a delivered message must be recorded right after
 * its attempt, not after every attempt queued behind it.
 */
class RecordingWindowTest {
    private static final int MESSAGES = 24;
    private static final int THREADS = 4;

    @Test
    void backlogForOneDomain_deliveredMessagesLeaveTheSpoolBeforeTheBacklogIsWorked(@TempDir Path dir)
            throws Exception {
        Spool spool = Spool.open(dir, Clock.systemUTC());
        Map<String, String> idOf = new ConcurrentHashMap<>();
        Set<String> delivered = ConcurrentHashMap.newKeySet();
        AtomicInteger worstUnrecorded = new AtomicInteger();
        for (int i = 0; i < MESSAGES; i++) {
            String marker = "window-" + i;
            idOf.put(marker, spool.enqueue(new QueueEnvelope(Submission.FROM,
                    List.of(QueueEnvelope.Recipient.of("bob@destination.com")), Optional.empty(),
                    QueueEnvelope.Ret.DEFAULT, false, "test"), Submission.content(marker)));
        }
        QueueConfig config = new QueueConfig(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofDays(5),
                Duration.ofHours(4), 2, THREADS, RelayPipeline.HELO);
        try (QueueManager queue = new QueueManager(spool, (domain, envelope, content) -> {
            // accepted by the remote, but still in the spool: each would be sent again after a crash now
            int unrecorded = (int) delivered.stream().filter(m -> spool.locate(idOf.get(m)).isPresent()).count();
            worstUnrecorded.accumulateAndGet(unrecorded, Math::max);
            sleep(20); // the SMTP transaction
            delivered.add(markerOf(content));
            return new DeliveryReport(domain, envelope.recipients().stream().map(r -> new RecipientOutcome(r,
                    RecipientOutcome.Status.DELIVERED, "2.0.0", "250 ok", RecipientOutcome.Fault.NONE,
                    Optional.empty())).toList(), List.of());
        }, config, Clock.systemUTC())) {
            queue.runDue().get();
        }

        assertThat(delivered).hasSize(MESSAGES);
        System.out.println("recording window: at most " + worstUnrecorded.get() + " delivered message(s) still spooled"
                + " at the start of an attempt (" + MESSAGES + " messages, " + THREADS + " threads)");
        assertThat(worstUnrecorded.get()).as("delivered messages not yet recorded when the next attempt starts")
                .isLessThanOrEqualTo(THREADS);
    }

    private static String markerOf(byte[] content) {
        String text = new String(content, StandardCharsets.US_ASCII);
        int at = text.indexOf("Message-ID: <") + "Message-ID: <".length();
        return text.substring(at, text.indexOf('@', at));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
