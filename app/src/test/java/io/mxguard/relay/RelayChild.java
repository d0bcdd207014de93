package io.mxguard.relay;

import io.mxguard.lab.world.LabWorld;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * RelayChild - one run of the real {@code mxguard relay} command in its own JVM, in front of a lab world
 * (its honest resolver and trust anchor, its SMTP port), on a free loopback port, logging to a file;
 * optionally under a wrapper program such as strace.
 */
final class RelayChild {
    private static final Pattern LISTENING = Pattern.compile("listening on \\[[^\\]]*?:(\\d+)\\]");

    final Process process;
    final InetSocketAddress address;

    private RelayChild(Process process, InetSocketAddress address) {
        this.process = process;
        this.address = address;
    }

    static RelayChild start(LabWorld world, Path queue, Path log) throws IOException, InterruptedException {
        return start(world, queue, log, List.of());
    }

    /** start - {@code wrapper} (e.g. strace and its options; empty for none) runs the JVM. */
    static RelayChild start(LabWorld world, Path queue, Path log, List<String> wrapper)
            throws IOException, InterruptedException {
        InetSocketAddress dns = world.dns().honestResolver();
        List<String> command = new ArrayList<>(wrapper);
        command.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "io.mxguard.cli.Main", "relay",
                "--listen", "127.0.0.1:0", "--queue-dir", queue.toString(),
                "--resolver", dns.getAddress().getHostAddress() + ":" + dns.getPort(),
                "--trust-anchor", world.dns().trustAnchorFile().toString(),
                "--port", String.valueOf(world.smtpPort()), "--allow-network", "127.0.0.1/32"));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            Matcher m = LISTENING.matcher(Files.readString(log));
            if (m.find()) {
                return new RelayChild(p, new InetSocketAddress("127.0.0.1", Integer.parseInt(m.group(1))));
            }
            if (!p.isAlive()) {
                throw new IOException("mxguard relay exited " + p.exitValue() + ":\n" + Files.readString(log));
            }
            Thread.sleep(50);
        }
        p.destroyForcibly();
        throw new IOException("mxguard relay did not start in 30 s:\n" + Files.readString(log));
    }

    /** kill - SIGKILL: no shutdown hook, no drain. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    /**
     * stop - SIGTERM to the relay's JVM (the wrapper's child when there is a wrapper): it drains and exits;
     * then wait for the whole process tree. True when it ended within the timeout.
     */
    boolean stop(Duration timeout) throws InterruptedException {
        List<ProcessHandle> jvms = process.descendants().toList();
        if (jvms.isEmpty()) {
            process.destroy();
        } else {
            jvms.forEach(ProcessHandle::destroy);
        }
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }
}
