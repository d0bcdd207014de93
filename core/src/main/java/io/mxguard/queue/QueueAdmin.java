package io.mxguard.queue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * QueueAdmin - what {@code mxguard queue list|show|flush|hold|release|delete} does, on the spool
 * directory only, so it is safe while a scheduler runs (even in another process): every change is
 * an atomic rename or unlink, and a file that vanished meanwhile is {@link Result#GONE}, not an error.
 * A message in {@code active} is being delivered and is left alone ({@link Result#BUSY}).
 */
public final class QueueAdmin {
    private static final List<QueueState> LISTED =
            List.of(QueueState.INCOMING, QueueState.ACTIVE, QueueState.DEFERRED, QueueState.HOLD);

    private final Spool spool;
    private final Consumer<QueueState> listed;

    public QueueAdmin(Spool spool) {
        this(spool, s -> { });
    }

    /** QueueAdmin - {@code listed} is told after each directory {@link #list} has read (tests move files then). */
    QueueAdmin(Spool spool, Consumer<QueueState> listed) {
        this.spool = spool;
        this.listed = listed;
    }

    /** Result - what an admin command did. */
    public enum Result { DONE, GONE, BUSY, NOT_APPLICABLE }

    /** Entry - one line of {@code queue list}. */
    public record Entry(String id, QueueState state, String sender, List<RecipientState> recipients, Instant arrival,
                        Instant nextAttempt) {
    }

    /**
     * list - every readable message in incoming, active, deferred and hold, by state, oldest first per state.
     * The scheduler renames files while the directories are read one after another: a move forward in that
     * order (incoming, active, deferred, hold) is found in the later directory, and every move back lands in
     * incoming (flush, release, recovery) or active (a due deferred message), so those two are read once more
     * for what the first pass missed.
     */
    public List<Entry> list() throws IOException {
        Map<String, Entry> seen = new HashMap<>();
        for (QueueState s : LISTED) {
            collect(s, seen);
        }
        collect(QueueState.INCOMING, seen);
        collect(QueueState.ACTIVE, seen);
        List<Entry> out = new ArrayList<>(seen.values());
        out.sort(Comparator.comparing((Entry e) -> LISTED.indexOf(e.state())).thenComparing(Entry::id));
        return out;
    }

    private void collect(QueueState s, Map<String, Entry> seen) throws IOException {
        for (String id : spool.list(s)) {
            if (!seen.containsKey(id)) {
                spool.load(s, id).ifPresent(m -> seen.put(id, entry(s, m)));
            }
        }
        listed.accept(s);
    }

    /** show - one message's entry and its header section (as text). */
    public Optional<Shown> show(String id) throws IOException {
        Optional<QueueState> s = spool.locate(id);
        if (s.isEmpty() || s.get() == QueueState.CORRUPT) {
            return Optional.empty();
        }
        return spool.load(s.get(), id).map(m -> new Shown(entry(s.get(), m),
                new String(DeliveryStatusNotification.headers(m.content()), StandardCharsets.UTF_8)));
    }

    /** Shown - {@code queue show}: the envelope and the headers. */
    public record Shown(Entry entry, String headers) {
    }

    /** hold - park a message (from incoming or deferred) in hold; the scheduler no longer sees it. */
    public Result hold(String id) throws IOException {
        Optional<QueueState> s = spool.locate(id);
        if (s.isEmpty()) {
            return Result.GONE;
        }
        return switch (s.get()) {
            case INCOMING, DEFERRED -> spool.move(id, s.get(), QueueState.HOLD) ? Result.DONE : Result.GONE;
            case ACTIVE -> Result.BUSY;
            case HOLD, CORRUPT -> Result.NOT_APPLICABLE;
        };
    }

    /** release - hold back to incoming: due now. */
    public Result release(String id) throws IOException {
        Optional<QueueState> s = spool.locate(id);
        if (s.isEmpty()) {
            return Result.GONE;
        }
        if (s.get() != QueueState.HOLD) {
            return Result.NOT_APPLICABLE;
        }
        return spool.move(id, QueueState.HOLD, QueueState.INCOMING) ? Result.DONE : Result.GONE;
    }

    /** delete - remove a message without a DSN (as postsuper -d); not while it is being delivered. */
    public Result delete(String id) throws IOException {
        Optional<QueueState> s = spool.locate(id);
        if (s.isEmpty()) {
            return Result.GONE;
        }
        if (s.get() == QueueState.ACTIVE) {
            return Result.BUSY;
        }
        return spool.delete(id, s.get()) ? Result.DONE : Result.GONE;
    }

    /** flush - every deferred message back to incoming, so any running scheduler tries it now. */
    public int flush() throws IOException {
        int n = 0;
        for (String id : spool.list(QueueState.DEFERRED)) {
            if (spool.move(id, QueueState.DEFERRED, QueueState.INCOMING)) {
                n++;
            }
        }
        return n;
    }

    private static Entry entry(QueueState s, QueuedMessage m) {
        return new Entry(m.id(), s, m.envelope().sender(), m.recipients(), m.arrival(), m.nextAttempt());
    }
}
