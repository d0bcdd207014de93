package io.mxguard.smtp.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mxguard.pki.CertificateSpec;
import io.mxguard.pki.Certificates;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TlsIdentityTest {
    @TempDir
    Path dir;

    @Test
    void fromPem_readsChainAndKey_likeIssued() throws Exception {
        Certificates.Issued ca = Certificates.issue(CertificateSpec.authority("Test CA", Instant.now(),
                Instant.now().plus(Duration.ofDays(1))), null);
        Certificates.Issued leaf = Certificates.issue(CertificateSpec.server(Instant.now(),
                Instant.now().plus(Duration.ofDays(1)), "relay.test"), ca);
        Path chain = Files.writeString(dir.resolve("chain.pem"), leaf.chainPem());
        Path key = Files.writeString(dir.resolve("key.pem"), leaf.privateKeyPem());

        TlsIdentity identity = TlsIdentity.fromPem(chain, key);

        assertThat(identity.chain()).isEqualTo(leaf.chain());
        assertThat(identity.privateKey().getEncoded()).isEqualTo(leaf.privateKey().getEncoded());
        assertThat(identity.serverContext()).isNotNull();
    }

    @Test
    void fromPem_clearErrors() throws Exception {
        Certificates.Issued leaf = ServerFixture.IDENTITY;
        Path chain = Files.writeString(dir.resolve("chain.pem"), leaf.chainPem());
        Path key = Files.writeString(dir.resolve("key.pem"), leaf.privateKeyPem());
        Path empty = Files.writeString(dir.resolve("empty.pem"), "nothing here\n");

        assertThatThrownBy(() -> TlsIdentity.fromPem(dir.resolve("missing.pem"), key)).isInstanceOf(IOException.class)
                .hasMessageContaining("missing.pem");
        assertThatThrownBy(() -> TlsIdentity.fromPem(empty, key)).hasMessageContaining("empty.pem: no CERTIFICATE");
        assertThatThrownBy(() -> TlsIdentity.fromPem(chain, chain)).hasMessageContaining("chain.pem: no PRIVATE KEY");
        assertThatThrownBy(() -> TlsIdentity.fromPem(chain, empty)).hasMessageContaining("empty.pem: no PRIVATE KEY");
        Path otherKey = Files.writeString(dir.resolve("other.pem"), Certificates.issue(CertificateSpec.server(
                Instant.now(), Instant.now().plus(Duration.ofDays(1)), "other.test"), null).privateKeyPem());
        assertThatThrownBy(() -> TlsIdentity.fromPem(chain, otherKey))
                .hasMessageContaining("other.pem: the private key does not belong to the first certificate");
    }
}
