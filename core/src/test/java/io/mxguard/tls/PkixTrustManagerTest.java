package io.mxguard.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mxguard.pki.CertificateSpec;
import io.mxguard.pki.Certificates;
import io.mxguard.pki.Certificates.Issued;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class PkixTrustManagerTest {
    private static final Instant NOW = Instant.parse("2030-06-01T12:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final List<String> MX = List.of("mx.destination.com");

    private final Issued publicCa = Certificates.issue(CertificateSpec.authority("Lab Public CA",
            NOW.minus(Duration.ofDays(10)), NOW.plus(Duration.ofDays(100))), null);
    private final Issued otherCa = Certificates.issue(CertificateSpec.authority("Attacker's CA",
            NOW.minus(Duration.ofDays(10)), NOW.plus(Duration.ofDays(100))), null);
    private final Issued intermediate = Certificates.issue(CertificateSpec.authority("Lab Issuing CA",
            NOW.minus(Duration.ofDays(10)), NOW.plus(Duration.ofDays(100))), publicCa);

    private Issued server(Issued ca, Instant from, Instant to, String... names) {
        return Certificates.issue(CertificateSpec.server(from, to, names), ca);
    }

    private PkixResult verify(List<X509Certificate> chain) {
        return PkixTrustManager.trusting(List.of(publicCa.certificate()), MX, CLOCK).verify(chain);
    }

    private static PkixResult.Reason reason(PkixResult r) {
        return ((PkixResult.Failed) r).reason();
    }

    @Test
    void trustedCa_rightName_trusted_withOrWithoutRootSent() {
        Issued leaf = server(intermediate, NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(30)), "mx.destination.com");
        assertThat(verify(leaf.chain())).isInstanceOfSatisfying(PkixResult.Trusted.class,
                t -> assertThat(t.peerName()).isEqualTo("mx.destination.com"));
        assertThat(verify(leaf.chain().subList(0, 2))).isInstanceOf(PkixResult.Trusted.class);
    }

    @Test
    void attackersOwnCa_notTrusted() {
        Issued leaf = server(otherCa, NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(30)), "mx.destination.com");
        assertThat(reason(verify(leaf.chain()))).isEqualTo(PkixResult.Reason.NOT_TRUSTED);
    }

    @Test
    void validCertificateForAttackersName_nameMismatch() {
        Issued leaf = server(publicCa, NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(30)), "mx.attacker.net");
        PkixResult r = verify(leaf.chain());
        assertThat(reason(r)).isEqualTo(PkixResult.Reason.NAME_MISMATCH);
        assertThat(((PkixResult.Failed) r).message()).contains("mx.attacker.net");
    }

    @Test
    void expiredAndFutureLeaf_classified() {
        Issued old = server(publicCa, NOW.minus(Duration.ofDays(60)), NOW.minus(Duration.ofDays(1)), "mx.destination.com");
        Issued early = server(publicCa, NOW.plus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(60)), "mx.destination.com");
        assertThat(reason(verify(old.chain()))).isEqualTo(PkixResult.Reason.EXPIRED);
        assertThat(reason(verify(early.chain()))).isEqualTo(PkixResult.Reason.NOT_YET_VALID);
    }

    @Test
    void trustManager_throwsWithReason_andRemembersResult() {
        Issued leaf = server(otherCa, NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(30)), "mx.destination.com");
        PkixTrustManager tm = PkixTrustManager.trusting(List.of(publicCa.certificate()), MX, CLOCK);
        assertThat(tm.result()).isEmpty();
        assertThatThrownBy(() -> tm.checkServerTrusted(leaf.chain().toArray(X509Certificate[]::new), "ECDHE_ECDSA"))
                .isInstanceOf(CertificateException.class).hasMessageContaining("NOT_TRUSTED");
        assertThat(tm.result()).get().isInstanceOf(PkixResult.Failed.class);
        assertThatThrownBy(() -> tm.checkClientTrusted(leaf.chain().toArray(X509Certificate[]::new), "ECDHE_ECDSA"))
                .isInstanceOf(CertificateException.class);
        assertThat(tm.getAcceptedIssuers()).isEmpty();
    }

    @Test
    void systemDefault_doesNotTrustTheLabCa() {
        Issued leaf = server(publicCa, Instant.now().minus(Duration.ofDays(1)), Instant.now().plus(Duration.ofDays(30)),
                "mx.destination.com");
        PkixResult r = PkixTrustManager.systemDefault(MX, Clock.systemUTC()).verify(leaf.chain());
        assertThat(reason(r)).isEqualTo(PkixResult.Reason.NOT_TRUSTED);
    }
}
