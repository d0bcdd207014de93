package io.mxguard.interop;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Peer - a real program from Debian's packages for an interop test in core, as lab's Peer is for lab.
 *
 * <p>Shared with lab's tests through core's test-jar. Missing program: the test is skipped with a
 * reason naming the package, unless peers are
 * required ({@code MXGUARD_REQUIRE_PEERS=1} or {@code -Dmxguard.interop.required=true}); then it fails.
 */
public final class Peer {
    private static final List<String> DIRS = List.of("/usr/bin", "/usr/sbin", "/usr/local/bin", "/bin", "/sbin");
    private static final long TIMEOUT_SECONDS = 30;

    private Peer() {
    }

    /** require - the path of {@code program}, or skip/fail naming the Debian {@code pkg} that ships it. */
    public static Path require(String program, String pkg) {
        for (String dir : DIRS) {
            Path candidate = Path.of(dir, program);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        String reason = program + " not found: install Debian package '" + pkg + "' (scripts/install-peers.sh does)";
        if (required()) {
            fail(reason + " [peers are required in this run]");
        }
        assumeTrue(false, reason);
        throw new AssertionError("unreachable");
    }

    /** required - true when a missing peer must fail the run (CI), not skip. */
    public static boolean required() {
        String env = System.getenv("MXGUARD_REQUIRE_PEERS");
        return (env != null && !env.isBlank() && !env.equals("0")) || Boolean.getBoolean("mxguard.interop.required");
    }

    /** Result - exit status and merged output; {@link #toString()} is the transcript. */
    public record Result(List<String> command, int exit, String output) {
        @Override
        public String toString() {
            return "$ " + String.join(" ", command) + "\n" + output + "(exit " + exit + ")";
        }
    }

    /** run - runs {@code command} in the current directory; see {@link #run(Path, List)}. */
    public static Result run(String... command) throws IOException, InterruptedException {
        return run(null, List.of(command));
    }

    /** run - runs {@code command} in {@code dir}; see {@link #run(Path, List)}. */
    public static Result run(Path dir, String... command) throws IOException, InterruptedException {
        return run(dir, List.of(command));
    }

    /** run - runs {@code command} in {@code dir} (null: here) with stdin closed; fails the test after 30 s. */
    public static Result run(Path dir, List<String> command) throws IOException, InterruptedException {
        Path log = Files.createTempFile("peer", ".log"); // a file, not a pipe: the timeout below holds
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        if (dir != null) {
            builder.directory(dir.toFile());
        }
        Process process = builder.start();
        process.getOutputStream().close();
        if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail("timed out after " + TIMEOUT_SECONDS + " s: " + String.join(" ", command) + "\n" + Files.readString(log));
        }
        try {
            return new Result(List.copyOf(command), process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(log);
        }
    }
}
