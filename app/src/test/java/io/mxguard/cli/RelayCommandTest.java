package io.mxguard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RelayCommandTest {
    @TempDir
    Path dir;

    @Test
    void checkConfig_good_printsSummary_exit0_andCreatesNothing() throws Exception {
        Path cfg = dir.resolve("relay.yaml");
        Files.writeString(cfg, "queue:\n  directory: spool\ndns:\n  resolvers: [127.0.0.1:5353]\nlog:\n  format: json\n");
        CliTest.Run r = CliTest.run("relay", "--config", cfg.toString(), "--check-config", "--listen", "127.0.0.1:2626");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains(cfg + ": configuration OK").contains("listen: [127.0.0.1:2626]")
                .contains("queue: " + dir.resolve("spool")).contains("delivery: level dane").contains("log: json");
        assertThat(dir.resolve("spool")).doesNotExist();
    }

    @Test
    void checkConfig_bad_exit65_namesFileLineAndKey() throws Exception {
        Path cfg = dir.resolve("relay.yaml");
        Files.writeString(cfg, "queue:\n  directory: spool\nretry:\n  maxBackoff: soon\n");
        CliTest.Run r = CliTest.run("relay", "--config", cfg.toString(), "--check-config");
        assertThat(r.code()).isEqualTo(65);
        assertThat(r.err()).isEqualTo("mxguard: " + cfg + ":4: retry.maxBackoff: 'soon' is not a duration "
                + "(use a number and a unit: 30s, 5m, 4h, 5d)\n");
    }

    @Test
    void badFlag_exit64_missingConfig_exit66() {
        CliTest.Run flag = CliTest.run("relay", "--queue-dir", dir.toString(), "--resolver", "127.0.0.1",
                "--allow-network", "everyone", "--check-config");
        assertThat(flag.code()).isEqualTo(64);
        assertThat(flag.err()).contains("--allow-network: not an IP network: 'everyone'");
        CliTest.Run missing = CliTest.run("relay", "--config", dir.resolve("nope.yaml").toString(), "--check-config");
        assertThat(missing.code()).isEqualTo(66);
    }

    @Test
    void help_listsRelayAndQueue_andTheirFlags() {
        CliTest.Run top = CliTest.run("--help");
        assertThat(top.out()).contains("relay").contains("queue");
        CliTest.Run relay = CliTest.run("relay", "--help");
        assertThat(relay.code()).isZero();
        assertThat(relay.out()).contains("--config").contains("--check-config").contains("--allow-network")
                .contains("--log-format");
        CliTest.Run queue = CliTest.run("queue", "--help");
        assertThat(queue.out()).contains("--queue-dir").contains("69 no such message").contains("list").contains("flush");
    }

    @Test
    void cannotListen_exit69() throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), "io.mxguard.cli.Main",
                    "relay", "--queue-dir", dir.resolve("q").toString(), "--listen", "127.0.0.1:" + taken.getLocalPort(),
                    "--resolver", "127.0.0.1:9").redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(output).contains("mxguard: cannot start: cannot listen");
            assertThat(p.exitValue()).as(output).isEqualTo(69);
        }
    }

    @Test
    void sigterm_stopsAccepting_drains_exit0() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), "io.mxguard.cli.Main",
                "relay", "--queue-dir", dir.resolve("q").toString(), "--listen", "127.0.0.1:0",
                "--resolver", "127.0.0.1:9").redirectErrorStream(true).start();
        List<String> output = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                output.add(line);
                if (line.contains("listening on")) {
                    p.toHandle().destroy(); // SIGTERM; Process.destroy() would also close our end of its output
                }
            }
        }
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(output).anyMatch(l -> l.contains("mxguard relay: listening on [/127.0.0.1:"));
        assertThat(output).anyMatch(l -> l.equals("mxguard relay: stopped"));
        assertThat(p.exitValue()).as(String.join("\n", output)).isZero();
    }
}
