package io.mxguard.queue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Spool - the queue directory: one subdirectory per {@link QueueState}, one file per message (see
 * {@link QueueFile} for the format), named by its {@link QueueId}.
 *
 * <p>Every write is a new file: written under a temp name ({@code .tmp-ID}) in the target
 * directory, fsync'd, renamed into place with {@code ATOMIC_MOVE}, then the directory is fsync'd.
 * A state change is a rename followed by fsync of both directories. Directory syncs after enqueue
 * are shared between concurrent callers ({@link GroupSync}). A file that does not parse is moved
 * to {@code corrupt} with a log line, never deleted.
 *
 * <p>Thread-safe: operations on different messages are independent; racing operations on the
 * same file resolve by rename atomicity (the loser sees "gone").
 */
public final class Spool implements MessageStore {
    private static final Logger LOG = LoggerFactory.getLogger(Spool.class);
    private static final String TMP = ".tmp-";

    private final Path root;
    private final Clock clock;
    private final QueueId ids;
    private final Map<QueueState, GroupSync> syncs = new EnumMap<>(QueueState.class);
    private volatile Runnable onArrival = () -> { };

    private Spool(Path root, Clock clock, GroupSync.Force force) {
        this.root = root;
        this.clock = clock;
        this.ids = new QueueId(clock);
        for (QueueState s : QueueState.values()) {
            syncs.put(s, new GroupSync(dir(s), force));
        }
    }

    /** open - the spool at {@code root}; creates the state directories (0700) and drops stale temp files. */
    public static Spool open(Path root, Clock clock) throws IOException {
        return open(root, clock, GroupSync.Force.DIRECTORY);
    }

    /**
     * attach - an existing spool, for admin commands next to a running relay: nothing is created and
     * no temp file is removed (one may be a message being written right now).
     */
    public static Spool attach(Path root, Clock clock) throws IOException {
        for (QueueState s : QueueState.values()) {
            Path d = root.resolve(s.directory());
            if (!Files.isDirectory(d)) {
                throw new java.nio.file.NoSuchFileException(d.toString(), null, "not a queue directory");
            }
        }
        return new Spool(root, clock, GroupSync.Force.DIRECTORY);
    }

    static Spool open(Path root, Clock clock, GroupSync.Force force) throws IOException {
        Spool spool = new Spool(root, clock, force);
        spool.prepare();
        return spool;
    }

    private void prepare() throws IOException {
        boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
        Files.createDirectories(root);
        for (QueueState s : QueueState.values()) {
            Path d = Files.createDirectories(dir(s));
            if (posix) {
                Files.setPosixFilePermissions(d, PosixFilePermissions.fromString("rwx------"));
            }
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(d, TMP + "*")) {
                for (Path tmp : ds) {
                    // never renamed into place, so never acknowledged: safe to drop
                    LOG.info("queue: removing unfinished temp file {}", tmp);
                    Files.deleteIfExists(tmp);
                }
            }
        }
    }

    public Path root() {
        return root;
    }

    Clock clock() {
        return clock;
    }

    /**
     * enqueue - write the message to {@code incoming}: temp file, fsync, atomic rename, group-committed
     * directory fsync; only then return its id (DESIGN §5 Queue: 250 only after fsync).
     */
    @Override
    public String enqueue(QueueEnvelope envelope, byte[] content) throws IOException {
        String id = ids.next();
        write(QueuedMessage.fresh(id, envelope, clock.instant(), content), QueueState.INCOMING);
        syncs.get(QueueState.INCOMING).sync();
        onArrival.run();
        return id;
    }

    /** onArrival - run after every enqueue (the scheduler's wake-up). */
    void onArrival(Runnable r) {
        this.onArrival = r;
    }

    /** list - the ids in one state directory, oldest first. */
    public List<String> list(QueueState state) throws IOException {
        List<String> out = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir(state))) {
            for (Path p : ds) {
                String name = p.getFileName().toString();
                if (QueueId.isValid(name)) {
                    out.add(name);
                } else if (state != QueueState.CORRUPT && !name.startsWith(TMP)) {
                    quarantine(state, name, "file name is not a queue id");
                }
            }
        }
        out.sort(null);
        return out;
    }

    /** locate - which state directory holds {@code id} now, if any. */
    public Optional<QueueState> locate(String id) {
        if (!QueueId.isValid(id)) {
            return Optional.empty();
        }
        for (QueueState s : QueueState.values()) {
            if (Files.exists(dir(s).resolve(id))) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    /**
     * load - read and parse one file; empty if it is gone. A file that does not parse is moved to
     * {@code corrupt} (with a log line) and reads as empty.
     */
    public Optional<QueuedMessage> load(QueueState state, String id) throws IOException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(dir(state).resolve(id));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        try {
            QueuedMessage m = QueueFile.read(bytes);
            if (!m.id().equals(id)) {
                throw new QueueFile.Malformed("id " + m.id() + " does not match the file name");
            }
            return Optional.of(m);
        } catch (QueueFile.Malformed | RuntimeException e) {
            quarantine(state, id, e.getMessage());
            return Optional.empty();
        }
    }

    /** move - atomic rename between state directories; false if the file was already gone. */
    public boolean move(String id, QueueState from, QueueState to) throws IOException {
        try {
            Files.move(dir(from).resolve(id), dir(to).resolve(id), StandardCopyOption.ATOMIC_MOVE);
        } catch (NoSuchFileException e) {
            return false;
        }
        syncs.get(to).sync();
        syncs.get(from).sync();
        return true;
    }

    /** rewrite - replace the file of {@code m} in {@code state} by a new one (never rewritten in place). */
    void rewrite(QueuedMessage m, QueueState state) throws IOException {
        write(m, state);
        syncs.get(state).sync();
    }

    /** delete - remove a message; false if it was already gone. */
    public boolean delete(String id, QueueState state) throws IOException {
        if (!QueueId.isValid(id)) {
            return false;
        }
        boolean gone = Files.deleteIfExists(dir(state).resolve(id));
        if (gone) {
            syncs.get(state).sync();
        }
        return gone;
    }

    /** directorySyncs - how many directory fsyncs were made, over all states (for tests and metrics). */
    public long directorySyncs() {
        return syncs.values().stream().mapToLong(GroupSync::syncs).sum();
    }

    long directorySyncs(QueueState state) {
        return syncs.get(state).syncs();
    }

    Path dir(QueueState s) {
        return root.resolve(s.directory());
    }

    private void write(QueuedMessage m, QueueState state) throws IOException {
        Path tmp = dir(state).resolve(TMP + m.id());
        ByteBuffer buf = ByteBuffer.wrap(QueueFile.write(m));
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            ch.force(true);
        } catch (IOException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        Files.move(tmp, dir(state).resolve(m.id()), StandardCopyOption.ATOMIC_MOVE);
    }

    /** quarantine - move an unreadable file to {@code corrupt}, never into the void (DESIGN §5 Queue). */
    private void quarantine(QueueState state, String name, String why) throws IOException {
        Path target = dir(QueueState.CORRUPT).resolve(name);
        if (Files.exists(target)) {
            target = dir(QueueState.CORRUPT).resolve(name + "." + clock.millis());
        }
        try {
            Files.move(dir(state).resolve(name), target, StandardCopyOption.ATOMIC_MOVE);
        } catch (NoSuchFileException e) {
            return;
        }
        syncs.get(QueueState.CORRUPT).sync();
        syncs.get(state).sync();
        LOG.warn("queue: {}/{} is unreadable ({}); moved to {}", state.directory(), name, why, target);
    }
}
