package io.mxguard.dane;

import static org.assertj.core.api.Assertions.assertThat;

import io.mxguard.dane.DaneCases.Case;
import io.mxguard.dane.DaneResult.Reason;
import io.mxguard.dane.DaneResult.Usage;
import io.mxguard.interop.Peer;
import io.mxguard.pki.Certificates;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.xbill.DNS.TLSARecord;

/**
 * OpensslDaneInteropTest - openssl's DANE verifier (the one Postfix uses) and DaneVerifier give the
 * same verdict for every row of {@link DaneCases}: an {@code openssl s_server} presents the chain on
 * loopback, {@code openssl s_client -dane_tlsa_rrdata} checks it with the same TLSA records.
 */
class OpensslDaneInteropTest {
    private static final Pattern MATCHED = Pattern.compile("DANE TLSA \\d \\d \\d .*matched (EE|TA) certificate at depth (\\d+)");
    /** A bare {@code 2 1 0} key: openssl names the depth of the certificate it signed; ours is the key's, one above. */
    private static final Pattern SIGNED = Pattern.compile("DANE TLSA 2 1 0 .*signed the certificate at depth (\\d+)");
    private static final Pattern VERIFY_ERROR = Pattern.compile("verify error:num=\\d+:(.*)");

    @TempDir
    Path dir;

    static Stream<Case> cases() {
        return DaneCases.all().stream().filter(Case::openssl);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void opensslAgrees(Case c) throws Exception {
        Path openssl = Peer.require("openssl", "openssl");
        Peer.Result client = handshake(openssl, c);
        DaneCases.Expect theirs = verdict(client.output());
        DaneResult ours = c.verify();
        String transcript = c.scenario() + ": we said " + ours + "; openssl said " + theirs + "\n" + client;

        assertThat(theirs).as(transcript).isNotNull();
        if (ours instanceof DaneResult.Matched m) {
            assertThat(theirs.success()).as(transcript).isTrue();
            assertThat(theirs.usage()).as(transcript).isEqualTo(m.usage());
            assertThat(theirs.depth()).as(transcript).isEqualTo(m.depth());
        } else {
            assertThat(theirs.success()).as(transcript).isFalse();
            assertThat(sameFailure(((DaneResult.Failed) ours).reason(), theirs.reason())).as(transcript).isTrue();
        }
    }

    /** handshake - s_server presents the case's chain (naccept 1); s_client verifies with its TLSA records. */
    private Peer.Result handshake(Path openssl, Case c) throws Exception {
        Files.writeString(dir.resolve("leaf.pem"), Certificates.pem(c.presented().get(0)));
        Files.writeString(dir.resolve("key.pem"), c.server().privateKeyPem());
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        List<String> server = new ArrayList<>(List.of(openssl.toString(), "s_server", "-accept", "127.0.0.1:" + port,
                "-cert", "leaf.pem", "-key", "key.pem", "-naccept", "1", "-quiet"));
        if (c.presented().size() > 1) {
            StringBuilder chain = new StringBuilder();
            for (X509Certificate cert : c.presented().subList(1, c.presented().size())) {
                chain.append(Certificates.pem(cert));
            }
            Files.writeString(dir.resolve("chain.pem"), chain);
            server.addAll(List.of("-cert_chain", "chain.pem"));
        }
        List<String> clientCommand = new ArrayList<>(List.of(openssl.toString(), "s_client", "-connect", "127.0.0.1:" + port,
                "-servername", DaneCases.MX, "-dane_tlsa_domain", DaneCases.MX, "-dane_ee_no_namechecks",
                "-verify_return_error", "-brief", "-no-CAfile", "-no-CApath", "-no-CAstore"));
        for (TLSARecord r : c.records()) {
            clientCommand.addAll(List.of("-dane_tlsa_rrdata", r.getCertificateUsage() + " " + r.getSelector() + " "
                    + r.getMatchingType() + " " + Certificates.hex(r.getCertificateAssociationData())));
        }
        Process serverProcess = new ProcessBuilder(server).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("server.log").toFile()).start();
        try {
            Peer.Result result = null;
            for (int attempt = 0; attempt < 50; attempt++) { // until s_server listens
                result = Peer.run(dir, clientCommand);
                if (!result.output().contains("connect:errno") && !result.output().contains("Connection refused")) {
                    return result;
                }
                Thread.sleep(100);
            }
            return result;
        } finally {
            serverProcess.destroy();
            serverProcess.waitFor();
        }
    }

    /**
     * sameFailure - do the two failure classes agree. One known difference: when the server presents the
     * anchor but the leaf does not chain to it (intermediate missing, forged signature), openssl never puts
     * the anchor on its chain and says "no matching DANE TLSA records"; we say CHAIN_BROKEN, which tells
     * the admin more. Both refuse.
     */
    static boolean sameFailure(Reason ours, Reason theirs) {
        return ours == theirs || (ours == Reason.CHAIN_BROKEN && theirs == Reason.NO_MATCH);
    }

    /** verdict - what s_client's output says, in our terms; null when it says neither. */
    static DaneCases.Expect verdict(String output) {
        Matcher ok = MATCHED.matcher(output);
        Matcher signed = SIGNED.matcher(output);
        if (output.contains("Verification: OK") && ok.find()) {
            return DaneCases.Expect.ok(ok.group(1).equals("EE") ? Usage.DANE_EE : Usage.DANE_TA, Integer.parseInt(ok.group(2)));
        }
        if (output.contains("Verification: OK") && signed.find()) {
            return DaneCases.Expect.ok(Usage.DANE_TA, Integer.parseInt(signed.group(1)) + 1);
        }
        Matcher error = VERIFY_ERROR.matcher(output);
        if (!error.find()) {
            return null;
        }
        String why = error.group(1).trim().toLowerCase(java.util.Locale.ROOT);
        return DaneCases.Expect.fail(switch (why) {
            case "certificate has expired" -> Reason.EXPIRED;
            case "certificate is not yet valid" -> Reason.NOT_YET_VALID;
            case "hostname mismatch" -> Reason.NAME_MISMATCH;
            case "no matching dane tlsa records" -> Reason.NO_MATCH;
            default -> Reason.CHAIN_BROKEN; // invalid CA certificate, signature failure, unable to get issuer, …
        });
    }
}
