package io.mxguard.lab.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import io.mxguard.interop.Peer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.xbill.DNS.Name;

/**
 * Interop: ldns-verify-zone (Debian package ldnsutils) checks our signed zones: signatures, NSEC
 * and NSEC3 chains, delegations and glue.
 */
class LdnsInteropTest {
    static Path verify;
    static LabDns dns;

    @BeforeAll
    static void world() {
        verify = Peer.require("ldns-verify-zone", "ldnsutils");
        // System clock: ldns-verify-zone checks signature validity against the real time.
        dns = LabZones.seed(LabAddresses.loopback(), 25).bobTlsa(3, 1, 1, new byte[32])
                .useNsec3(LabZones.NET).sign(Clock.systemUTC());
    }

    @ParameterizedTest(name = "ldnsVerifyZone_accepts_{0}")
    @ValueSource(strings = {".", "com.", "net.", "destination.com.", "source.com.", "attacker.net."})
    void ldnsVerifyZone_acceptsOurSignedZone(String origin, @TempDir Path dir) throws Exception {
        Path file = dir.resolve("zone");
        ZoneText.write(dns.zone(Name.fromString(origin)), file);
        Result result = run(verify.toString(), "-V", "3", file.toString());
        assertThat(result.exit).as("ldns-verify-zone on %s:%n%s%n--- zone ---%n%s", origin, result.output,
                Files.readString(file)).isZero();
    }

    @ParameterizedTest(name = "ldnsVerifyZone_rejects_forged_{1}_in_{0}")
    @org.junit.jupiter.params.provider.CsvSource({"destination.com., mx.destination.com.", "net., a.root-servers.net."})
    void ldnsVerifyZone_rejectsAForgedAddress_soTheCheckAboveHasTeeth(String origin, String host, @TempDir Path dir)
            throws Exception {
        Path file = dir.resolve("zone");
        String text = ZoneText.format(dns.zone(Name.fromString(origin)));
        // The hijack: an authoritative address rewritten after signing.
        String forged = text.replaceFirst("(?m)^(" + java.util.regex.Pattern.quote(host) + "\\t\\d+\\tIN\\tA\\t)\\S+",
                "$1192.0.2.66");
        assertThat(forged).isNotEqualTo(text);
        Files.writeString(file, forged);
        Result result = run(verify.toString(), file.toString());
        assertThat(result.exit).as(result.output).isNotZero();
    }

    // Glue is not signed (RFC 4035 §2.2), so a forged glue address passes: a validator must not trust it.
    @org.junit.jupiter.api.Test
    void ldnsVerifyZone_acceptsForgedGlue_becauseGlueIsUnsigned(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("zone");
        String text = ZoneText.format(dns.zone(LabZones.COM));
        String forged = text.replaceFirst("(?m)^(ns1\\.destination\\.com\\.\\t\\d+\\tIN\\tA\\t)\\S+", "$1192.0.2.66");
        assertThat(forged).isNotEqualTo(text);
        Files.writeString(file, forged);
        assertThat(run(verify.toString(), file.toString()).exit).isZero();
    }

    record Result(int exit, String output) {}

    static Result run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail("timed out: " + String.join(" ", command));
        }
        return new Result(process.exitValue(), new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }
}
