package io.mxguard.queue;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * DestinationSlots - at most {@code limit} tasks at once per destination, first come first served, without
 * holding a thread while a task waits for its slot (Postfix's qmgr keeps a per-destination job list the same
 * way). A task that finds its destination full is parked; the task that frees a slot hands it to the next
 * parked one of that destination. So one busy destination takes at most {@code limit} of the executor's
 * threads and never starves the others. Thread-safe.
 *
 * @param <K> what names a destination (the recipient domain)
 */
final class DestinationSlots<K> {
    private final int limit;
    private final Executor executor;
    private final Map<K, Lane> lanes = new HashMap<>(); // guarded by this

    private static final class Lane {
        int running;
        final Queue<Parked> waiting = new ArrayDeque<>();
    }

    /** Parked - a task waiting for a slot, and the future to fail if it can never start. */
    private record Parked(Runnable run, CompletableFuture<?> result) {
    }

    DestinationSlots(int limit, Executor executor) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1: " + limit);
        }
        this.limit = limit;
        this.executor = executor;
    }

    /**
     * submit - run {@code task} on the executor once {@code destination} has a free slot; the future completes
     * with its result (or its exception). If the executor refuses the task (shut down), the future fails and
     * the slot is freed.
     */
    <T> CompletableFuture<T> submit(K destination, Supplier<T> task) {
        CompletableFuture<T> result = new CompletableFuture<>();
        Runnable run = () -> {
            T value = null;
            Throwable failure = null;
            try {
                value = task.get();
            } catch (Throwable t) {
                failure = t;
            }
            release(destination); // before completing: whoever the future wakes finds the slot free
            if (failure != null) {
                result.completeExceptionally(failure);
            } else {
                result.complete(value);
            }
        };
        synchronized (this) {
            Lane lane = lanes.computeIfAbsent(destination, d -> new Lane());
            if (lane.running >= limit) {
                lane.waiting.add(new Parked(run, result));
                return result;
            }
            lane.running++;
        }
        start(destination, run, result);
        return result;
    }

    /** running - the tasks of {@code destination} holding a slot now (for tests and diagnostics). */
    synchronized int running(K destination) {
        Lane lane = lanes.get(destination);
        return lane == null ? 0 : lane.running;
    }

    private void start(K destination, Runnable run, CompletableFuture<?> result) {
        try {
            executor.execute(run);
        } catch (RuntimeException refused) {
            result.completeExceptionally(refused);
            release(destination);
        }
    }

    // The finishing task's slot goes to the next parked task of the same destination, or is freed. An executor
    // that refuses (shut down) fails the parked task, and the slot passes on to the next, until none is left.
    private void release(K destination) {
        while (true) {
            Parked next;
            synchronized (this) {
                Lane lane = lanes.get(destination);
                next = lane.waiting.poll();
                if (next == null && --lane.running == 0) {
                    lanes.remove(destination);
                }
            }
            if (next == null) {
                return;
            }
            try {
                executor.execute(next.run());
                return;
            } catch (RuntimeException refused) {
                next.result().completeExceptionally(refused);
            }
        }
    }
}
