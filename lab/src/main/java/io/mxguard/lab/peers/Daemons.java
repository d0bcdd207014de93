package io.mxguard.lab.peers;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Daemons - stopping a daemonized peer (a process tree that is not our child) and telling when it is gone. */
final class Daemons {
    private Daemons() {
    }

    // SIGTERM to the master is what "postfix stop" and "postfix abort" send; the master passes it to
    // its children and exits. Whatever is still running after the timeout is killed.
    static void kill(ProcessHandle master, Duration timeout, Duration pause) {
        List<ProcessHandle> family = new ArrayList<>(master.descendants().toList());
        master.destroy();
        if (!awaitExit(master, timeout, pause)) {
            master.descendants().filter(p -> !family.contains(p)).forEach(family::add);
            master.destroyForcibly();
            awaitExit(master, timeout, pause);
        }
        for (ProcessHandle p : family) {
            if (!awaitExit(p, timeout, pause)) {
                p.destroyForcibly();
                awaitExit(p, timeout, pause);
            }
        }
    }

    /**
     * running - whether {@code p} still runs: alive and not a zombie. The daemonized master's parent
     * is init, which may take a second or two to reap it; {@link ProcessHandle#isAlive()} counts
     * that zombie as alive.
     */
    static boolean running(ProcessHandle p) {
        if (!p.isAlive()) {
            return false;
        }
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(p.pid()), "stat"), StandardCharsets.US_ASCII);
            // "pid (comm) state ...": comm may contain spaces and parentheses, so read after the last ')'.
            String state = stat.substring(stat.lastIndexOf(')') + 1).strip();
            return !(state.startsWith("Z") || state.startsWith("X"));
        } catch (IOException | RuntimeException e) {
            return p.isAlive();
        }
    }

    // Not onExit(): for a process that is not our child it polls from 300 ms up and waits for the reaping.
    private static boolean awaitExit(ProcessHandle p, Duration timeout, Duration pause) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (running(p)) {
            if (System.nanoTime() >= deadline) {
                return false;
            }
            try {
                Thread.sleep(pause.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return !running(p);
            }
        }
        return true;
    }
}
