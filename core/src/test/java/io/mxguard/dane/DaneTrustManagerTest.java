package io.mxguard.dane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mxguard.pki.CertificateSpec;
import io.mxguard.pki.Certificates;
import io.mxguard.pki.Certificates.Issued;
import io.mxguard.tls.TlsContexts;
import java.net.InetAddress;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.TLSARecord;

class DaneTrustManagerTest {
    private static final Instant NOW = Instant.now();
    private static final DaneReferenceNames ROUTE = DaneReferenceNames.of("mx.destination.com.", "destination.com.");

    private final Issued ca = Certificates.issue(CertificateSpec.authority("Lab CA", NOW.minus(Duration.ofDays(1)),
            NOW.plus(Duration.ofDays(30))), null);

    @Test
    void daneEe_handshakeOnLoopback_verified_sniIsTlsaBaseDomain() throws Exception {
        Issued leaf = Certificates.issue(CertificateSpec.server(NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(9)),
                "mx.attacker.net"), ca); // DANE-EE ignores names
        DaneTrustManager tm = new DaneTrustManager(List.of(DaneCases.ee(1, 1, Certificates.spkiSha256(leaf.certificate()))),
                ROUTE, Clock.systemUTC());

        String sni = handshake(leaf, tm);

        assertThat(sni).isEqualTo("mx.destination.com");
        assertThat(tm.result()).get().isInstanceOfSatisfying(DaneResult.Matched.class,
                m -> assertThat(m.usage()).isEqualTo(DaneResult.Usage.DANE_EE));
    }

    @Test
    void daneTa_attackersName_handshakeRefused_reasonKept() throws Exception {
        Issued leaf = Certificates.issue(CertificateSpec.server(NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(9)),
                "mx.attacker.net"), ca);
        DaneTrustManager tm = new DaneTrustManager(List.of(DaneCases.ta(0, 1, Certificates.certSha256(ca.certificate()))),
                ROUTE, Clock.systemUTC());

        assertThatThrownBy(() -> handshake(leaf, tm)).isInstanceOf(SSLHandshakeException.class)
                .hasMessageContaining("NAME_MISMATCH");
        assertThat(tm.result()).get().isInstanceOfSatisfying(DaneResult.Failed.class,
                f -> assertThat(f.reason()).isEqualTo(DaneResult.Reason.NAME_MISMATCH));
    }

    @Test
    void daneTa_clockPastExpiry_expired() {
        Issued leaf = Certificates.issue(CertificateSpec.server(NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(9)),
                "mx.destination.com"), ca);
        List<TLSARecord> records = List.of(DaneCases.ta(0, 1, Certificates.certSha256(ca.certificate())));
        DaneTrustManager later = new DaneTrustManager(records, ROUTE, Clock.fixed(NOW.plus(Duration.ofDays(10)), ZoneOffset.UTC));
        X509Certificate[] chain = leaf.chain().toArray(X509Certificate[]::new);

        assertThatThrownBy(() -> later.checkServerTrusted(chain, "ECDHE_ECDSA")).isInstanceOf(CertificateException.class)
                .hasMessageContaining("EXPIRED");
        assertThatThrownBy(() -> later.checkClientTrusted(chain, "ECDHE_ECDSA")).isInstanceOf(CertificateException.class);
        assertThat(later.getAcceptedIssuers()).isEmpty();
    }

    /** handshake - a JSSE server on loopback presenting {@code server}; returns the SNI it received. */
    private static String handshake(Issued server, DaneTrustManager tm) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry("server", server.privateKey(), new char[0], server.chain().toArray(Certificate[]::new));
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, new char[0]);
        SSLContext serverContext = SSLContext.getInstance("TLS");
        serverContext.init(kmf.getKeyManagers(), null, null);
        try (SSLServerSocket listener = (SSLServerSocket) serverContext.getServerSocketFactory()
                .createServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<String> sni = CompletableFuture.supplyAsync(() -> {
                try (SSLSocket s = (SSLSocket) listener.accept()) {
                    s.setSoTimeout(10_000);
                    s.startHandshake();
                    var names = ((ExtendedSSLSession) s.getSession()).getRequestedServerNames();
                    s.getInputStream().read(); // until the client closes
                    return names.isEmpty() ? null : ((SNIHostName) names.get(0)).getAsciiName();
                } catch (Exception e) {
                    return "server failed: " + e;
                }
            });
            SSLContext client = TlsContexts.clientContext(tm);
            try (SSLSocket s = (SSLSocket) client.getSocketFactory().createSocket(InetAddress.getLoopbackAddress(),
                    listener.getLocalPort())) {
                s.setSoTimeout(10_000);
                s.setSSLParameters(TlsContexts.clientParameters(client, tm.names().sniName()));
                s.startHandshake();
                assertThat(s.getSession().getProtocol()).isEqualTo("TLSv1.3");
            }
            return sni.get(10, TimeUnit.SECONDS);
        }
    }
}
