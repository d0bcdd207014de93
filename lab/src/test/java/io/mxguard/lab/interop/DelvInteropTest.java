package io.mxguard.lab.interop;

import io.mxguard.interop.Peer;
import static org.assertj.core.api.Assertions.assertThat;

import io.mxguard.lab.dns.HijackRule;
import io.mxguard.lab.dns.HijackRule.Signatures;
import io.mxguard.lab.dns.LabZones;
import io.mxguard.lab.world.DnsWorld;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.xbill.DNS.Name;

/**
 * Interop: BIND's delv (Debian package bind9-dnsutils) validates the lab tree from the lab root
 * anchor, and catches the hijacker, as our validator does.
 *
 * <p>{@code delv @ADDR -p PORT -a BIND_ANCHOR_FILE +root=. NAME TYPE}: {@code -a} reads a
 * {@code trust-anchors} block, {@code +root=.} makes it the anchor for the root (9.18). delv
 * asks only the server named with {@code @}; it reports "; fully validated", "; unsigned answer"
 * or ";; resolution failed: …" (STRIP: "insecurity proof failed", KEEP_STALE: "RRSIG failed to
 * verify"). delv 9.18 exits 0 even when validation fails, so the tests read its words.
 */
class DelvInteropTest {
    static final Name ATTACKER_MX = Name.fromConstantString("mx.attacker.net.");

    static Path delv;
    static DnsWorld world;

    @BeforeAll
    static void startWorld() throws Exception {
        delv = Peer.require("delv", "bind9-dnsutils");
        world = DnsWorld.start(25);
    }

    @AfterAll
    static void stopWorld() {
        if (world != null) {
            world.close();
        }
    }

    @AfterEach
    void honestAgain() {
        world.hijack(List.of());
    }

    @Test
    void delv_destinationMx_fullyValidated() throws Exception {
        Peer.Result result = delv(world.honestResolver(), "destination.com", "MX");
        assertThat(result.output()).as(result.toString()).contains("; fully validated")
                .contains("mx.destination.com.");
        assertThat(result.exit()).as(result.toString()).isZero();
    }

    @Test
    void delv_nonexistentName_negativeAnswerFullyValidated() throws Exception {
        Peer.Result result = delv(world.honestResolver(), "nope.destination.com", "MX");
        assertThat(result.output()).as(result.toString()).contains("fully validated").contains("NXDOMAIN");
    }

    @Test
    void delv_unsignedMx_unsignedAnswer() throws Exception {
        Peer.Result result = delv(world.honestResolver(), "unsigned.com", "MX");
        assertThat(result.output()).as(result.toString()).contains("; unsigned answer").contains("mx.unsigned.com.")
                .doesNotContain("fully validated");
    }

    @ParameterizedTest(name = "delv_hijackedMx_{0}_failsValidation")
    @EnumSource(Signatures.class)
    void delv_hijackedMx_failsValidation(Signatures signatures) throws Exception {
        world.hijack(List.of(HijackRule.rewriteMx(LabZones.DESTINATION, ATTACKER_MX, signatures)));
        Peer.Result result = delv(world.hijackingResolver(), "destination.com", "MX");
        assertThat(result.output()).as(result.toString()).contains("resolution failed")
                .doesNotContain("fully validated").doesNotContain("mx.attacker.net");
    }

    @Test
    void delv_throughHijackerWithoutRules_fullyValidated() throws Exception {
        Peer.Result result = delv(world.hijackingResolver(), "destination.com", "MX");
        assertThat(result.output()).as(result.toString()).contains("; fully validated");
    }

    static Peer.Result delv(InetSocketAddress server, String name, String type) throws Exception {
        return Peer.run(delv.toString(), "@" + server.getAddress().getHostAddress(),
                "-p", String.valueOf(server.getPort()), "-a", world.bindTrustAnchorFile().toString(), "+root=.",
                name, type);
    }
}
