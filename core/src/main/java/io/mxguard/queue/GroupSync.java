package io.mxguard.queue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * GroupSync - fsync of one directory shared by concurrent callers (group commit).
 *
 * <p>A caller that has renamed a file into the directory calls {@link #sync}. It joins the batch
 * that is being collected; the first caller with no sync running becomes the leader, takes the
 * batch and forces the directory once for every rename that happened before it took it, then
 * takes the next batch if one formed meanwhile. So N concurrent enqueues cost far fewer than N
 * directory syncs, and nobody returns before a sync that started after its own rename finished.
 *
 * <p>XXX: the leader keeps serving batches that form while it syncs, so under steady load one
 * caller may wait for several syncs; a dedicated syncing thread would spread that, at the cost
 * of a thread per directory.
 */
final class GroupSync {

    /** Force - makes a directory's entries durable; the default opens it for READ and forces it (Linux). */
    @FunctionalInterface
    interface Force {
        void force(Path directory) throws IOException;

        Force DIRECTORY = directory -> {
            try (FileChannel ch = FileChannel.open(directory, StandardOpenOption.READ)) {
                ch.force(true);
            }
        };
    }

    private final Path directory;
    private final Force force;
    private final AtomicLong syncs = new AtomicLong();
    private final Object lock = new Object();
    private CompletableFuture<Void> collecting;
    private boolean leading;

    GroupSync(Path directory, Force force) {
        this.directory = directory;
        this.force = force;
    }

    /** sync - return once a directory sync that began after this call has completed. */
    void sync() throws IOException {
        CompletableFuture<Void> mine;
        boolean leader;
        synchronized (lock) {
            if (collecting == null) {
                collecting = new CompletableFuture<>();
            }
            mine = collecting;
            leader = !leading;
            leading = true;
        }
        if (leader) {
            lead();
        }
        try {
            mine.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof UncheckedIOException u) {
                throw u.getCause();
            }
            throw new IOException("directory sync failed: " + directory, e.getCause());
        }
    }

    /** syncs - how many times the directory was actually forced. */
    long syncs() {
        return syncs.get();
    }

    private void lead() {
        while (true) {
            CompletableFuture<Void> batch;
            synchronized (lock) {
                batch = collecting;
                collecting = null;
                if (batch == null) {
                    leading = false;
                    return;
                }
            }
            try {
                force.force(directory);
                syncs.incrementAndGet();
                batch.complete(null);
            } catch (IOException e) {
                batch.completeExceptionally(new UncheckedIOException(e));
            } catch (RuntimeException | Error e) {
                batch.completeExceptionally(e);
            }
        }
    }
}
