package io.mxguard.lab.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import io.mxguard.interop.Peer;
import io.mxguard.lab.peers.PrivateDns;
import io.mxguard.lab.scenario.Attack;
import io.mxguard.lab.scenario.Expectations;
import io.mxguard.lab.scenario.Outcome;
import io.mxguard.lab.sender.SenderMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Postfix as Alice's sender, {@code smtp_tls_security_level = dane} behind a validating unbound,
 * meets the lab's attacks; its outcome must be the one the lab expects of mxguard. Postfix is the DANE
 * implementation mail admins know (RFC 7672 is Viktor Dukhovni's, who wrote Postfix's), so agreement
 * row by row says our verdicts are not ours alone.
 *
 * <p>Postfix looks up MX and TLSA records only through /etc/resolv.conf, so {@link PostfixDaneSenderRun}
 * runs in a child JVM inside a private network and mount namespace ({@code unshare --net --mount}):
 * only a loopback interface, and /etc/resolv.conf bind-mounted to {@code nameserver 127.0.0.1 /
 * options trust-ad}, where the child starts unbound. Nothing can leave the machine from there.
 *
 * <p>The on-path rows ({@code starttls-stripped}, {@code no-tlsa}) are left out: the lab's stripper sits in
 * front of Bob only for in-process senders, and Postfix connects to the addresses in the DNS.
 */
class PostfixDaneSenderInteropTest {
    private static final long CHILD_TIMEOUT_SECONDS = 180;

    @TempDir
    Path dir;

    @Test
    void postfixWithDaneAndMxguardReachTheSameOutcomeUnderEveryAttackPostfixCanMeet() throws Exception {
        Path unshare = Peer.require("unshare", "util-linux");
        Peer.require("ip", "iproute2");
        Peer.require("postfix", "postfix");
        Peer.require("unbound", "unbound");
        PostfixPeerTest.requireRunnable();
        requireNamespaces(unshare);
        List<Attack> attacks = List.of(Attack.values()).stream().filter(a -> !a.onPath()).toList();

        Map<String, String> rows = runChild(unshare, attacks);
        rows.forEach((id, row) -> System.out.println(id + ": " + row));

        for (Attack attack : attacks) {
            String row = rows.get(attack.id());
            assertThat(row).as("no row for %s", attack.id()).isNotNull();
            Outcome.Kind mxguard = Expectations.of(attack, SenderMode.MXGUARD).outcome().kind();
            assertThat(row).as("%s: Postfix %s, the lab expects of mxguard %s", attack.id(), row, mxguard)
                    .startsWith(mxguard + " |");
        }
        // How: Bob authenticated by TLSA on the baseline; the DNS lies end in a failed lookup, not in a TLS
        // verdict (unbound answers SERVFAIL for what it cannot validate); the unsigned zone is plain
        // opportunistic TLS to whoever the DNS names.
        assertThat(rows.get("none")).contains("status=sent", "Verified TLS connection established to mx.destination.com");
        for (String dnsLie : List.of("mx-rewritten", "mx-stale-sigs", "mx-ad-set", "a-rewritten", "tlsa-dropped",
                "attacker-pkix-cert")) {
            assertThat(rows.get(dnsLie)).as(dnsLie).contains("status=deferred").doesNotContain("mx.attacker.net[");
        }
        assertThat(rows.get("unsigned-zone")).contains("status=sent", "relay=mx.attacker.net[")
                .doesNotContain("Verified TLS");
    }

    // Root alone is not enough in some containers (no CAP_SYS_ADMIN, seccomp): say so plainly.
    private static void requireNamespaces(Path unshare) throws Exception {
        Peer.Result probe = Peer.run(unshare.toString(), "--net", "--mount", "true");
        if (probe.exit() != 0) {
            String reason = "cannot make a private network namespace here: " + probe;
            if (Peer.required()) {
                fail(reason + " [peers are required in this run]");
            }
            org.junit.jupiter.api.Assumptions.assumeTrue(false, reason);
        }
    }

    // Runs the child in its namespace; returns attack id -> the rest of its ROW line.
    private Map<String, String> runChild(Path unshare, List<Attack> attacks) throws Exception {
        Path resolvConf = Files.writeString(dir.resolve("resolv.conf"), PrivateDns.RESOLV_CONF);
        Path output = dir.resolve("child.log");
        List<String> command = new ArrayList<>(List.of(unshare.toString(), "--net", "--mount", "--propagation", "private",
                "sh", "-c", "ip link set lo up && mount --bind \"$0\" /etc/resolv.conf && exec \"$@\"",
                resolvConf.toString(),
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), PostfixDaneSenderRun.class.getName()));
        attacks.forEach(a -> command.add(a.id()));
        Process child = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(output.toFile()).start();
        child.getOutputStream().close();
        if (!child.waitFor(CHILD_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            child.destroyForcibly();
            fail("the child did not finish within " + CHILD_TIMEOUT_SECONDS + " s:\n" + Files.readString(output));
        }
        String said = Files.readString(output, StandardCharsets.UTF_8);
        if (child.exitValue() != 0) {
            fail("the child exited with " + child.exitValue() + ":\n" + said);
        }
        Map<String, String> rows = new LinkedHashMap<>();
        said.lines().filter(l -> l.startsWith("ROW ")).forEach(l -> {
            String[] parts = l.split(" ", 3);
            rows.put(parts[1], parts[2]);
        });
        return rows;
    }
}
