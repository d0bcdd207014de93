package io.mxguard.lab.interop;

import io.mxguard.interop.Peer;
import static org.assertj.core.api.Assertions.assertThat;

import io.mxguard.dane.DaneResult;
import io.mxguard.dane.DaneVerifier;
import io.mxguard.lab.smtp.LabFault;
import io.mxguard.lab.world.LabWorld;
import io.mxguard.pki.Certificates;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.TLSARecord;

/**
 * openssl s_client, speaking SMTP STARTTLS to the lab's own MX server (Bob's), checks the published
 * TLSA records; our DaneVerifier must reach the same verdict on the same chain.
 */
class OpensslStarttlsDaneTest {
    private static LabWorld world;

    @BeforeAll
    static void start() throws Exception {
        world = LabWorld.start();
    }

    @AfterAll
    static void stop() {
        world.close();
    }

    @AfterEach
    void reset() {
        world.bobMx().faults();
    }

    private static Peer.Result sClient(List<TLSARecord> records) throws Exception {
        String openssl = Peer.require("openssl", "openssl").toString();
        var bob = world.bobMx().address();
        List<String> cmd = new java.util.ArrayList<>(List.of(openssl, "s_client", "-starttls", "smtp", "-connect",
                bob.getAddress().getHostAddress() + ":" + bob.getPort(), "-servername", "mx.destination.com",
                "-dane_tlsa_domain", "mx.destination.com", "-dane_ee_no_namechecks", "-verify_return_error", "-brief",
                "-no-CAfile", "-no-CApath", "-no-CAstore"));
        for (TLSARecord r : records) {
            cmd.addAll(List.of("-dane_tlsa_rrdata", r.getCertificateUsage() + " " + r.getSelector() + " "
                    + r.getMatchingType() + " " + Certificates.hex(r.getCertificateAssociationData())));
        }
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        Process p = pb.start();
        p.getOutputStream().write("QUIT\r\n".getBytes());
        p.getOutputStream().close();
        if (!p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("openssl s_client did not finish in 30 s: " + cmd);
        }
        String out = new String(p.getInputStream().readAllBytes());
        return new Peer.Result(cmd, p.exitValue(), out);
    }

    private static List<X509Certificate> chain(Certificates.Issued identity) {
        return identity.chain();
    }

    @Test
    void publishedTlsa_bobsCertificate_opensslAndWeBothVerify() throws Exception {
        Peer.Result r = sClient(world.bobTlsa());
        assertThat(r.output()).as(r.toString()).contains("Verification: OK").contains("DANE TLSA 3 1 1");
        DaneResult ours = DaneVerifier.verify(chain(world.bobCertificate()), world.bobTlsa(),
                List.of("mx.destination.com"), Instant.now());
        assertThat(ours).isInstanceOf(DaneResult.Matched.class);
    }

    @Test
    void publishedTlsa_attackerCertificateAtBob_opensslAndWeBothRefuse() throws Exception {
        world.bobMx().faults(new LabFault.TlsCertificate(world.attackerCertificate()));
        Peer.Result r = sClient(world.bobTlsa());
        assertThat(r.output()).as(r.toString()).doesNotContain("Verification: OK");
        DaneResult ours = DaneVerifier.verify(chain(world.attackerCertificate()), world.bobTlsa(),
                List.of("mx.destination.com"), Instant.now());
        assertThat(ours).isInstanceOfSatisfying(DaneResult.Failed.class,
                f -> assertThat(f.reason()).isEqualTo(DaneResult.Reason.NO_MATCH));
    }
}
