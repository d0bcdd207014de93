package io.mxguard.lab.peers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** Maildir - reads the messages a peer MTA delivered into a maildir ({@code new/} and {@code cur/}), oldest first. */
final class Maildir {
    private Maildir() {
    }

    static List<PostfixMessage> read(Path maildir) {
        List<Path> files = new ArrayList<>();
        for (String sub : List.of("new", "cur")) {
            Path dir = maildir.resolve(sub);
            if (Files.isDirectory(dir)) {
                try (Stream<Path> list = Files.list(dir)) {
                    list.filter(Files::isRegularFile).forEach(files::add);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot list " + dir, e);
                }
            }
        }
        files.sort(Comparator.comparing(Maildir::modified).thenComparing(p -> p.getFileName().toString()));
        List<PostfixMessage> messages = new ArrayList<>();
        for (Path f : files) {
            try {
                messages.add(new PostfixMessage(f.getFileName().toString(), Files.readAllBytes(f)));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + f, e);
            }
        }
        return messages;
    }

    private static FileTime modified(Path p) {
        try {
            return Files.getLastModifiedTime(p);
        } catch (IOException e) {
            return FileTime.fromMillis(0);
        }
    }
}
