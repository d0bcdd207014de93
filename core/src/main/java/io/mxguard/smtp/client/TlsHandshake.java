package io.mxguard.smtp.client;

import io.mxguard.tls.TlsContexts;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;

/**
 * TlsHandshake - layers client TLS over a connected plain socket after 220 to STARTTLS.
 *
 * <p>TLS 1.3 and 1.2 only; SNI only when the caller names one; no endpoint identification here,
 * because name checks belong to the caller's trust manager (DANE names are not the MX name).
 */
final class TlsHandshake {
    private TlsHandshake() {
    }

    /** start - the handshaken socket; the plain socket is closed with it. */
    static SSLSocket start(Socket plain, InetSocketAddress peer, SSLContext context, String sni, Duration timeout)
            throws IOException {
        // An address literal as "host", so the JDK derives no SNI of its own; ours is set explicitly below.
        SSLSocket ssl = (SSLSocket) context.getSocketFactory()
                .createSocket(plain, peer.getAddress().getHostAddress(), peer.getPort(), true);
        ssl.setUseClientMode(true);
        ssl.setSSLParameters(TlsContexts.clientParameters(context, sni));
        ssl.setSoTimeout((int) Math.min(Integer.MAX_VALUE, timeout.toMillis()));
        ssl.startHandshake();
        return ssl;
    }

    static TlsFacts facts(SSLSocket ssl, String sni) {
        SSLSession session = ssl.getSession();
        List<X509Certificate> chain = new ArrayList<>();
        try {
            for (var c : session.getPeerCertificates()) {
                if (c instanceof X509Certificate x) {
                    chain.add(x);
                }
            }
        } catch (SSLPeerUnverifiedException e) {
            // anonymous suite: no chain
        }
        return new TlsFacts(session.getProtocol(), session.getCipherSuite(), chain, Optional.ofNullable(sni), true);
    }

    /** reason - the most specific message in a handshake failure: the trust manager's own, when it rejected. */
    static String reason(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof CertificateException && t.getMessage() != null) {
                return t.getMessage();
            }
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
