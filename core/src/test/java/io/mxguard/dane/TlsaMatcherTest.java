package io.mxguard.dane;

import static org.assertj.core.api.Assertions.assertThat;

import io.mxguard.pki.CertificateSpec;
import io.mxguard.pki.Certificates;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TlsaMatcherTest {
    private final X509Certificate cert = Certificates.issue(CertificateSpec.server(Instant.now(),
            Instant.now().plus(Duration.ofDays(1)), "mx.destination.com"), null).certificate();

    @Test
    void everySelectorAndMatchingType_matchesItsOwnData_andNotAnotherCertificates() {
        X509Certificate other = Certificates.issue(CertificateSpec.server(Instant.now(),
                Instant.now().plus(Duration.ofDays(1)), "mx.destination.com"), null).certificate();
        for (int selector = 0; selector <= 1; selector++) {
            for (int matching = 0; matching <= 2; matching++) {
                byte[] data = TlsaMatcher.associationData(selector, matching, cert).orElseThrow();
                assertThat(TlsaMatcher.matches(DaneCases.ee(selector, matching, data), cert)).isTrue();
                assertThat(TlsaMatcher.matches(DaneCases.ee(selector, matching, data), other)).isFalse();
            }
        }
        assertThat(TlsaMatcher.associationData(1, 1, cert)).get().isEqualTo(Certificates.spkiSha256(cert));
        assertThat(TlsaMatcher.associationData(0, 2, cert)).get().isEqualTo(Certificates.certSha512(cert));
    }

    @Test
    void unknownSelectorOrMatchingType_matchesNothing() {
        assertThat(TlsaMatcher.associationData(2, 1, cert)).isEmpty();
        assertThat(TlsaMatcher.associationData(1, 3, cert)).isEmpty();
        assertThat(TlsaMatcher.matches(DaneCases.ee(1, 255, Certificates.spkiSha256(cert)), cert)).isFalse();
    }

    @Test
    void fullKey_onlyFor210_andOnlyWhenTheDataIsAKey() {
        assertThat(TlsaMatcher.fullKey(DaneCases.ta(1, 0, cert.getPublicKey().getEncoded()))).get()
                .isEqualTo(cert.getPublicKey());
        assertThat(TlsaMatcher.fullKey(DaneCases.ta(1, 1, Certificates.spkiSha256(cert)))).isEmpty();
        assertThat(TlsaMatcher.fullKey(DaneCases.ta(1, 0, new byte[] {1, 2, 3}))).isEmpty();
    }
}
