package io.mxguard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mxguard.lab.dns.HijackRule;
import io.mxguard.lab.dns.LabZones;
import io.mxguard.lab.world.DnsWorld;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.DatagramSocket;
import java.net.InetAddress;
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

class CliTest {
    private static DnsWorld world;

    @TempDir
    Path tmp;

    @BeforeAll
    static void startWorld() throws Exception {
        world = DnsWorld.start(25);
    }

    @AfterAll
    static void stopWorld() {
        world.close();
    }

    @AfterEach
    void honestAgain() {
        world.hijack(List.of());
    }

    record Run(int code, String out, String err) {
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(code, out.toString(), err.toString());
    }

    private static String[] resolve(InetSocketAddress server, String... rest) {
        List<String> args = new ArrayList<>(List.of("resolve", "--resolver",
                server.getAddress().getHostAddress() + ":" + server.getPort(),
                "--trust-anchor", world.trustAnchorFile().toString(), "--timeout", "1", "--tries", "1"));
        args.addAll(List.of(rest));
        return args.toArray(String[]::new);
    }

    @Test
    void resolve_destinationMx_isSecure_exit0() {
        Run r = run(resolve(world.honestResolver(), "destination.com", "MX"));
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("MX\t10 mx.destination.com.").contains("security: SECURE");
    }

    @Test
    void resolve_typeBeforeName_isAccepted() {
        Run r = run(resolve(world.honestResolver(), "MX", "destination.com"));
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("mx.destination.com.");
    }

    @Test
    void resolve_throughHijacker_isBogus_exit69_andNoRecords() {
        world.hijack(List.of(HijackRule.rewriteMx(LabZones.DESTINATION, Name.fromConstantString("mx.attacker.net."),
                HijackRule.Signatures.STRIP), HijackRule.setAd()));
        Run r = run(resolve(world.hijackingResolver(), "destination.com", "MX"));
        assertThat(r.code()).isEqualTo(69);
        assertThat(r.out()).contains("security: BOGUS").doesNotContain("mx.attacker.net");
    }

    @Test
    void resolve_strippingResolver_isWarnedAboutPlainly() {
        world.hijack(List.of(HijackRule.stripDnssec()));
        Run r = run(resolve(world.hijackingResolver(), "destination.com", "MX"));
        assertThat(r.code()).isEqualTo(69);
        assertThat(r.err()).contains("WARNING").contains(world.hijackingResolver().getPort() + "")
                .contains("run unbound locally");
    }

    @Test
    void resolve_unsignedDomain_isInsecure_exit0() {
        Run r = run(resolve(world.honestResolver(), "unsigned.com", "MX"));
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("security: INSECURE");
    }

    @Test
    void resolve_nonexistentName_isProvenNxdomain_exit0_json() throws Exception {
        Run r = run(resolve(world.honestResolver(), "--json", "nosuch.destination.com", "A"));
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode json = new ObjectMapper().readTree(r.out());
        assertThat(json.get("name").asText()).isEqualTo("nosuch.destination.com.");
        assertThat(json.get("type").asText()).isEqualTo("A");
        assertThat(json.get("rcode").asText()).isEqualTo("NXDOMAIN");
        assertThat(json.get("security").asText()).isEqualTo("SECURE");
        assertThat(json.get("records")).isEmpty();
        assertThat(json.has("reason")).isTrue();
    }

    @Test
    void resolve_silentResolver_isIndeterminate_exit75() throws Exception {
        try (DatagramSocket silent = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            Run r = run(resolve(new InetSocketAddress(InetAddress.getLoopbackAddress(), silent.getLocalPort()),
                    "--no-upstream-check", "destination.com", "MX"));
            assertThat(r.code()).isEqualTo(75);
            assertThat(r.out()).contains("security: INDETERMINATE");
        }
    }

    @Test
    void resolve_usageErrors_exit64_withoutStackTrace() {
        assertThat(run("resolve").code()).isEqualTo(64);
        Run badType = run(resolve(world.honestResolver(), "destination.com", "BOGUSTYPE"));
        assertThat(badType.code()).isEqualTo(64);
        assertThat(badType.err()).contains("unknown or unsupported record type 'BOGUSTYPE'").doesNotContain("Exception");
        Run badResolver = run("resolve", "--resolver", "[::1", "destination.com");
        assertThat(badResolver.code()).isEqualTo(64);
        assertThat(badResolver.err()).contains("--resolver [::1").doesNotContain("at io.mxguard");
        Run badTimeout = run(resolve(world.honestResolver(), "--timeout", "0", "destination.com"));
        assertThat(badTimeout.code()).isEqualTo(64);
    }

    @Test
    void resolve_badTrustAnchorFile_exit65_namesTheLine() throws Exception {
        Path anchors = tmp.resolve("anchors.txt");
        Files.writeString(anchors, "; lab\n. IN A 127.0.0.1\n");
        Run r = run("resolve", "--resolver", "127.0.0.1:1", "--trust-anchor", anchors.toString(), "destination.com");
        assertThat(r.code()).isEqualTo(65);
        assertThat(r.err()).contains("anchors.txt:2").contains("expected DS or DNSKEY");
        Run missing = run("resolve", "--resolver", "127.0.0.1:1", "--trust-anchor", tmp.resolve("nope").toString(), "x.");
        assertThat(missing.code()).isEqualTo(66);
    }

    @Test
    void noCommand_isUsage_exit64() {
        Run r = run();
        assertThat(r.code()).isEqualTo(64);
        assertThat(r.err()).contains("a command is required");
        assertThat(run("frobnicate").code()).isEqualTo(64);
    }

    @Test
    void lab_oneScenario_matches_exit0_andWritesJson() throws Exception {
        Path json = tmp.resolve("lab.json");
        Path html = tmp.resolve("lab.html");
        Run r = run("lab", "--scenario", "mx-ad-set", "--scenario", "none", "--mode", "dane-trust-ad", "--mode", "mxguard",
                "--json", json.toString(), "--html", html.toString(), "--color", "never");
        assertThat(r.code()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("mx-ad-set").contains("verdict: all 4 cells matched")
                .contains("dane-trust-ad x mx-ad-set: delivered to mx.attacker.net");
        JsonNode tree = new ObjectMapper().readTree(json.toFile());
        assertThat(tree.get("allMatched").asBoolean()).isTrue();
        assertThat(tree.get("cells")).hasSize(4);
        assertThat(tree.get("cells").get(0).get("actual").asText()).isEqualTo("intercepted");
        assertThat(tree.get("cells").get(1).get("actual").asText()).isEqualTo("deferred:dnssec");
        assertThat(tree.get("cells").get(1).get("trail")).isNotEmpty();
        assertThat(Files.readString(html)).contains("<svg").contains("mx-ad-set");
    }

    @Test
    void labDns_resolverTable_exit0() {
        Run r = run("lab", "--dns", "--scenario", "mx-ad-set", "--color", "never");
        assertThat(r.code()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("verdict: all 1 scenarios reached their expected verdict");
    }

    @Test
    void lab_unknownScenario_exit64_listsKnownOnes() {
        Run r = run("lab", "--scenario", "nope");
        assertThat(r.code()).isEqualTo(64);
        assertThat(r.err()).contains("unknown scenario 'nope'").contains("mx-rewritten");
        assertThat(run("lab", "--mode", "carrier-pigeon").err()).contains("unknown mode 'carrier-pigeon'");
    }
}
