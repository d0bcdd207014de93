package io.mxguard.lab.interop;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Command - runs a peer program to completion (bounded) and keeps everything it said. */
public final class Command {
    private static final long TIMEOUT_SECONDS = 30;

    private Command() {
    }

    /** Result - exit status and merged stdout/stderr; {@link #toString()} is the whole transcript. */
    public record Result(List<String> command, int exit, String output) {
        @Override
        public String toString() {
            return "$ " + String.join(" ", command) + "\n" + output + "(exit " + exit + ")";
        }
    }

    /** run - in the current directory. */
    public static Result run(String... command) throws IOException, InterruptedException {
        return run(null, command);
    }

    /** run - in {@code dir}; fails the test if the program does not finish within 30 s. */
    public static Result run(Path dir, String... command) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        if (dir != null) {
            builder.directory(dir.toFile());
        }
        Process process = builder.start();
        process.getOutputStream().close();
        // Read while it runs: a full pipe would block the child.
        byte[] out = process.getInputStream().readAllBytes();
        if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail("timed out after " + TIMEOUT_SECONDS + " s: " + String.join(" ", command));
        }
        return new Result(List.of(command), process.exitValue(), new String(out, StandardCharsets.UTF_8));
    }
}
