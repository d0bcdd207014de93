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
 * <p>Missing program: the test is skipped with a reason naming the package, unless peers are
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
        String reason = program + " not found: install Debian package '" + pkg + "'";
        if (required()) {
            fail(reason + " [peers are required in this run]");
        }
        assumeTrue(false, reason);
        throw new AssertionError("unreachable");
    }

    static boolean required() {
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

    /** run - runs {@code command} in {@code dir} with stdin closed; fails the test after 30 s. */
    public static Result run(Path dir, List<String> command) throws IOException, InterruptedException {
        Path log = Files.createTempFile(dir, "peer", ".log"); // a file, not a pipe: the timeout below holds
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        process.getOutputStream().close();
        if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail("timed out after " + TIMEOUT_SECONDS + " s: " + String.join(" ", command) + "\n" + Files.readString(log));
        }
        return new Result(List.copyOf(command), process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    }
}
