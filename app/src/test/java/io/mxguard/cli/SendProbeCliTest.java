package io.mxguard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mxguard.lab.dns.HijackRule;
import io.mxguard.lab.dns.LabZones;
import io.mxguard.lab.world.LabWorld;
import io.mxguard.pki.Certificates;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Name;

class SendProbeCliTest {
    private static LabWorld world;

    @TempDir
    Path tmp;

    @BeforeAll
    static void start() throws Exception {
        world = LabWorld.start();
    }

    @AfterAll
    static void stop() {
        world.close();
    }

    @AfterEach
    void honest() {
        world.dns().hijack(List.of());
    }

    private static String[] args(String command, InetSocketAddress resolver, String... rest) {
        List<String> a = new ArrayList<>(List.of(command, "--resolver",
                resolver.getAddress().getHostAddress() + ":" + resolver.getPort(),
                "--trust-anchor", world.dns().trustAnchorFile().toString(), "--port", String.valueOf(world.smtpPort()),
                "--helo", "smtp.source.com", "--smtp-timeout", "5", "--timeout", "1"));
        a.addAll(List.of(rest));
        return a.toArray(String[]::new);
    }

    private Path message() throws Exception {
        Path m = tmp.resolve("m.eml");
        Files.writeString(m, "From: alice@source.com\nTo: bob@destination.com\nSubject: Quarterly numbers\n\nHello Bob.\n");
        return m;
    }

    @Test
    void send_honest_deliveredVerified_exit0_lfConvertedToCrlf() throws Exception {
        int before = world.bobMx().messages().size();
        CliTest.Run r = CliTest.run(args("send", world.dns().honestResolver(), "--from", "alice@source.com",
                "--to", "bob@destination.com", message().toString()));
        assertThat(r.code()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("bob@destination.com: delivered").contains("Verified TLS (DANE-EE)")
                .contains("mx.destination.com[127.");
        assertThat(new String(world.bobMx().messages().get(before).data())).contains("Subject: Quarterly numbers\r\n");
    }

    @Test
    void send_hijacked_deferred_exit75_json_attackerSawNothing() throws Exception {
        world.dns().hijack(List.of(HijackRule.rewriteMx(LabZones.DESTINATION, Name.fromConstantString("mx.attacker.net."),
                HijackRule.Signatures.STRIP)));
        CliTest.Run r = CliTest.run(args("send", world.dns().hijackingResolver(), "--from", "alice@source.com",
                "--to", "bob@destination.com", "--json", message().toString()));
        assertThat(r.code()).as(r.out() + r.err()).isEqualTo(75);
        JsonNode json = new ObjectMapper().readTree(r.out());
        assertThat(json.get("recipients").get(0).get("status").asText()).isEqualTo("deferred");
        assertThat(world.attackerMx().sawVerb("MAIL")).isFalse();
    }

    @Test
    void send_bareCr_exit65_nothingSent() throws Exception {
        Path bad = tmp.resolve("bad.eml");
        Files.write(bad, "Subject: x\r\n\r\nsmuggled\r.\rMAIL FROM:<x>\r\n".getBytes());
        int before = world.bobMx().connections();
        CliTest.Run r = CliTest.run(args("send", world.dns().honestResolver(), "--from", "alice@source.com",
                "--to", "bob@destination.com", bad.toString()));
        assertThat(r.code()).isEqualTo(65);
        assertThat(r.err()).contains("bare CR");
        assertThat(world.bobMx().connections()).isEqualTo(before);
    }

    @Test
    void send_usageErrors_exit64() throws Exception {
        assertThat(CliTest.run(args("send", world.dns().honestResolver(), "--from", "alice@source.com",
                "--to", "not-an-address", message().toString())).code()).isEqualTo(64);
        assertThat(CliTest.run(args("send", world.dns().honestResolver(), "--from", "alice@source.com",
                "--to", "bob@destination.com", "--level", "paranoid", message().toString())).code()).isEqualTo(64);
        assertThat(CliTest.run("send", "--to", "bob@destination.com").code()).isEqualTo(64);
    }

    @Test
    void send_dsnFlags_reachAnMxAnnouncingDsn_asRfc3461Parameters() throws Exception {
        String dana = "dana-" + java.util.UUID.randomUUID() + "@destination.com";
        world.bobMx().announceDsn(true);
        CliTest.Run r;
        try {
            r = CliTest.run(args("send", world.dns().honestResolver(), "--from", "alice@source.com", "--to", dana,
                    "--notify", "success,failure", "--ret", "hdrs", "--envid", "Q Q+1", message().toString()));
        } finally {
            world.bobMx().announceDsn(false);
        }
        assertThat(r.code()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("DSN parameters passed on: reports come from mx.destination.com");
        List<String> lines = world.bobMx().commands().stream().map(c -> c.line()).toList();
        int rcpt = lines.indexOf("RCPT TO:<" + dana + "> NOTIFY=SUCCESS,FAILURE");
        assertThat(rcpt).as(lines.toString()).isPositive();
        // ENVID as xtext: SP and "+" encoded (RFC 3461 §4)
        assertThat(lines.get(rcpt - 1)).matches("MAIL FROM:<alice@source.com> SIZE=[0-9]+ RET=HDRS ENVID=Q\\+20Q\\+2B1");
    }

    @Test
    void send_dsnFlags_mxWithoutDsn_saysNoReportsWillCome_sendsNone() throws Exception {
        String erin = "erin-" + java.util.UUID.randomUUID() + "@destination.com";
        CliTest.Run r = CliTest.run(args("send", world.dns().honestResolver(), "--from", "alice@source.com",
                "--to", erin, "--notify", "success", message().toString()));
        assertThat(r.code()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("DSN parameters not passed on: the MX does not announce DSN");
        assertThat(world.bobMx().commands().stream().map(c -> c.line())).contains("RCPT TO:<" + erin + ">");
    }

    @Test
    void send_badDsnFlags_exit64() throws Exception {
        for (String[] bad : List.of(new String[] {"--notify", "never,success"}, new String[] {"--notify", "always"},
                new String[] {"--ret", "all"}, new String[] {"--envid", "x".repeat(101)})) {
            List<String> a = new ArrayList<>(List.of("--from", "alice@source.com", "--to", "bob@destination.com"));
            a.addAll(List.of(bad));
            a.add(message().toString());
            int before = world.bobMx().connections();
            assertThat(CliTest.run(args("send", world.dns().honestResolver(), a.toArray(String[]::new))).code())
                    .as(String.join(" ", bad)).isEqualTo(64);
            assertThat(world.bobMx().connections()).isEqualTo(before);
        }
    }

    @Test
    void send_badPolicyFile_exit65_namesTheLine() throws Exception {
        Path policy = tmp.resolve("tls_policy");
        Files.writeString(policy, "# ok\ndestination.com paranoid\n");
        CliTest.Run r = CliTest.run(args("send", world.dns().honestResolver(), "--from", "alice@source.com",
                "--to", "bob@destination.com", "--policy-file", policy.toString(), message().toString()));
        assertThat(r.code()).isEqualTo(65);
        assertThat(r.err()).contains("tls_policy:2");
    }

    @Test
    void probe_honest_showsTlsaChainAndVerdict_noMailFrom() {
        int mailsBefore = (int) world.bobMx().commands().stream().filter(c -> c.line().startsWith("MAIL")).count();
        CliTest.Run r = CliTest.run(args("probe", world.dns().honestResolver(), "destination.com"));
        assertThat(r.code()).as(r.out() + r.err()).isZero();
        String spki = Certificates.hex(Certificates.spkiSha256(world.bobCertificate().certificate()));
        assertThat(r.out()).contains("MX destination.com: SECURE").contains("[usable]").contains("STARTTLS offered")
                .contains("spki256: " + spki).contains("verdict: Verified (DANE-EE: matched TLSA 3 1 1");
        assertThat(world.bobMx().commands().stream().filter(c -> c.line().startsWith("MAIL")).count()).isEqualTo(mailsBefore);
    }

    @Test
    void probe_hijacked_exit75_json() throws Exception {
        world.dns().hijack(List.of(HijackRule.dropTlsa(HijackRule.Denial.NODATA)));
        CliTest.Run r = CliTest.run(args("probe", world.dns().hijackingResolver(), "--json", "destination.com"));
        assertThat(r.code()).as(r.out() + r.err()).isEqualTo(75);
        JsonNode json = new ObjectMapper().readTree(r.out());
        assertThat(json.get("hosts").get(0).get("skipped").asText()).contains("TLSA");
    }
}
