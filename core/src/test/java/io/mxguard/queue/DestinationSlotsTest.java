package io.mxguard.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Per-destination slots: the limit holds, waiting tasks hold no thread, and a busy destination starves nobody. */
class DestinationSlotsTest {
    private final ExecutorService pool = Executors.newFixedThreadPool(2);
    private final DestinationSlots<String> slots = new DestinationSlots<>(2, pool);
    private final CountDownLatch busyMayFinish = new CountDownLatch(1);
    private final List<String> started = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        busyMayFinish.countDown();
        pool.shutdownNow();
    }

    private String blocking(String name) {
        started.add(name);
        try {
            busyMayFinish.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return name;
    }

    @Test
    void busyDestination_takesItsSlotsOnly_otherDestinationRunsOnTheRemainingThreads() throws Exception {
        ExecutorService wide = Executors.newFixedThreadPool(4);
        try {
            DestinationSlots<String> four = new DestinationSlots<>(2, wide);
            List<CompletableFuture<String>> busy = new java.util.ArrayList<>();
            for (int i = 0; i < 6; i++) {
                busy.add(four.submit("busy.example", () -> blocking("busy")));
            }
            // Only the two that hold a slot take threads; the other four are parked, holding none.
            String other = four.submit("other.example", () -> "other").get(30, TimeUnit.SECONDS);
            assertThat(other).isEqualTo("other");
            assertThat(four.running("busy.example")).isEqualTo(2);
            assertThat(busy).noneMatch(CompletableFuture::isDone);
            busyMayFinish.countDown();
            CompletableFuture.allOf(busy.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
            assertThat(started).hasSize(6);
            assertThat(four.running("busy.example")).isZero();
        } finally {
            wide.shutdownNow();
        }
    }

    @Test
    void limitOfOne_oneAtATime_parkedTasksRunInArrivalOrder() throws Exception {
        CountDownLatch gate = new CountDownLatch(1);
        {
            DestinationSlots<String> single = new DestinationSlots<>(1, pool);
            List<CompletableFuture<String>> all = new java.util.ArrayList<>();
            all.add(single.submit("d", () -> {
                try {
                    gate.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                started.add("first");
                return "first";
            }));
            for (String name : List.of("second", "third", "fourth")) {
                all.add(single.submit("d", () -> {
                    started.add(name);
                    return name;
                }));
            }
            assertThat(single.running("d")).isEqualTo(1);
            gate.countDown();
            CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
            assertThat(started).containsExactly("first", "second", "third", "fourth");
        }
    }

    @Test
    void failingTask_failsItsFuture_andFreesItsSlot() throws Exception {
        CompletableFuture<String> bad = slots.submit("d", () -> {
            throw new IllegalStateException("boom");
        });
        assertThat(bad).failsWithin(30, TimeUnit.SECONDS);
        assertThat(slots.submit("d", () -> "after").get(30, TimeUnit.SECONDS)).isEqualTo("after");
        assertThat(slots.running("d")).isZero();
    }

    @Test
    void shutDownExecutor_failsNewAndParkedTasks_noSlotLeaks() throws Exception {
        CompletableFuture<String> holding = slots.submit("d", () -> blocking("holding"));
        CompletableFuture<String> second = slots.submit("d", () -> blocking("second"));
        CompletableFuture<String> parked = slots.submit("d", () -> "parked");
        pool.shutdown(); // running tasks finish; nothing new is accepted
        assertThat(slots.submit("e", () -> "refused")).failsWithin(30, TimeUnit.SECONDS)
                .withThrowableOfType(java.util.concurrent.ExecutionException.class)
                .withCauseInstanceOf(RejectedExecutionException.class);
        busyMayFinish.countDown();
        assertThat(holding.get(30, TimeUnit.SECONDS)).isEqualTo("holding");
        assertThat(second.get(30, TimeUnit.SECONDS)).isEqualTo("second");
        assertThat(parked).failsWithin(30, TimeUnit.SECONDS);
        assertThat(slots.running("d")).isZero();
        assertThat(slots.running("e")).isZero();
    }
}
