package io.mxguard.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.cert.CertificateExpiredException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.junit.jupiter.api.Test;

class CertificatesTest {
    private static final Instant NOW = Instant.now();

    @Test
    void leaf_issuedByCa_verifiesWithCaKey_andCarriesNames() throws Exception {
        Certificates.Issued ca = Certificates.issue(CertificateSpec.authority("Lab CA", NOW.minus(Duration.ofDays(1)),
                NOW.plus(Duration.ofDays(30))), null);
        Certificates.Issued leaf = Certificates.issue(CertificateSpec.server(NOW.minus(Duration.ofDays(1)),
                NOW.plus(Duration.ofDays(30)), "mx.destination.com", "*.destination.com"), ca);

        leaf.certificate().verify(ca.certificate().getPublicKey());
        ca.certificate().verify(ca.certificate().getPublicKey());
        assertThat(leaf.chain()).containsExactly(leaf.certificate(), ca.certificate());
        assertThat(leaf.certificate().getSubjectAlternativeNames().stream().map(l -> (Object) l.get(1)).toList())
                .containsExactly("mx.destination.com", "*.destination.com");
        assertThat(leaf.certificate().getBasicConstraints()).isEqualTo(-1);
        assertThat(ca.certificate().getBasicConstraints()).isGreaterThanOrEqualTo(0);
        assertThat(leaf.certificate().getExtendedKeyUsage()).contains("1.3.6.1.5.5.7.3.1");
    }

    @Test
    void expiredLeaf_isExpired() {
        Certificates.Issued old = Certificates.issue(CertificateSpec.server(NOW.minus(Duration.ofDays(60)),
                NOW.minus(Duration.ofDays(30)), "old.example"), null);
        assertThatThrownBy(() -> old.certificate().checkValidity(Date.from(NOW)))
                .isInstanceOf(CertificateExpiredException.class);
    }

    @Test
    void rsaKeys_andDigests_andPem() {
        Certificates.Issued rsa = Certificates.issue(CertificateSpec.server(NOW, NOW.plus(Duration.ofDays(1)), "rsa.example")
                .withKeyType(CertificateSpec.KeyType.RSA_2048), null);
        X509Certificate c = rsa.certificate();
        assertThat(c.getPublicKey().getAlgorithm()).isEqualTo("RSA");
        assertThat(Certificates.spkiSha256(c)).hasSize(32);
        assertThat(Certificates.certSha256(c)).hasSize(32).isNotEqualTo(Certificates.spkiSha256(c));
        assertThat(Certificates.hex(new byte[] {0x0a, (byte) 0xff})).isEqualTo("0aff");
        assertThat(rsa.chainPem()).startsWith("-----BEGIN CERTIFICATE-----");
        assertThat(rsa.privateKeyPem()).contains("PRIVATE KEY-----");
    }

    @Test
    void spec_rejectsEmptyValidityAndNoNames() {
        assertThatThrownBy(() -> CertificateSpec.server(NOW, NOW)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CertificateSpec("x", List.of(), NOW, NOW.minusSeconds(1), false,
                CertificateSpec.KeyType.EC_P256)).isInstanceOf(IllegalArgumentException.class);
    }
}
