package io.mxguard.lab;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** LabFiles - the lab's temporary directories (world files, peers' configs), removed on close. */
public final class LabFiles {
    private LabFiles() {
    }

    /**
     * deleteTree - remove {@code root} and everything below it, quietly: a leftover temporary
     * directory is harmless, and cleanup must never hide the outcome it follows.
     */
    public static void deleteTree(Path root) {
        if (root == null || !Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            // XXX: best effort, see above.
        }
    }
}
