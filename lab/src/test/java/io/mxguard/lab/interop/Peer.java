package io.mxguard.lab.interop;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Peer - locates a real program from Debian's packages for an interop test.
 *
 * <p>When the program is missing the test is skipped with a reason naming the package, unless
 * peers are required ({@code MXGUARD_REQUIRE_PEERS=1} in the environment, as {@code .ci/run}
 * sets, or {@code -Dmxguard.interop.required=true}); then the test fails, so CI can never skip
 * an interop test silently.
 */
public final class Peer {
    private static final List<String> DIRS = List.of("/usr/bin", "/usr/sbin", "/usr/local/bin", "/usr/local/sbin", "/bin", "/sbin");

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

    static boolean required() {
        String env = System.getenv("MXGUARD_REQUIRE_PEERS");
        return (env != null && !env.isBlank() && !env.equals("0"))
                || Boolean.getBoolean("mxguard.interop.required");
    }
}
