package io.mxguard.bench;

import io.mxguard.lab.peers.Postfix;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * PostfixHold - switch a running lab {@link Postfix} to "accept and keep": every message that smtpd accepts
 * goes to the hold queue (cleanup writes and fsyncs it there; qmgr never sees it), so Postfix accepts with
 * delivery off, as {@link RelayBench}'s mxguard target does. Bench-only: {@code postconf -e} and
 * {@code postfix reload} on the instance's own configuration directory.
 */
final class PostfixHold {
    private static final String RESTRICTION = "smtpd_end_of_data_restrictions = check_client_access static:HOLD";

    private PostfixHold() {
    }

    /** enable - set the HOLD restriction and reload; the hold queue directory, to count what is kept. */
    static Path enable(Postfix postfix) throws IOException {
        String dir = postfix.configDirectory().toString();
        run("/usr/sbin/postconf", "-c", dir, "-e", RESTRICTION);
        run("/usr/sbin/postfix", "-c", dir, "reload");
        // reload restarts smtpd processes as they finish; new connections get the new configuration.
        return Path.of(run("/usr/sbin/postconf", "-c", dir, "-h", "queue_directory").strip()).resolve("hold");
    }

    /** count - queue files in the hold directory (it is not hashed by default). */
    static long count(Path hold) throws IOException {
        try (Stream<Path> files = Files.list(hold)) {
            return files.filter(Files::isRegularFile).count();
        }
    }

    private static String run(String... command) throws IOException {
        Process p = new ProcessBuilder(List.of(command)).redirectErrorStream(true).start();
        try {
            if (!p.waitFor(20, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IOException(String.join(" ", command) + " failed: "
                        + new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
            }
            return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new IOException("interrupted: " + String.join(" ", command), e);
        }
    }
}
