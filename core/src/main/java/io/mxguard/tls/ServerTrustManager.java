package io.mxguard.tls;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * ServerTrustManager - the client side of one SMTP connection: checks the server's chain, never a
 * client's.
 *
 * <p>Subclasses implement {@link #verifyServer}; every server-check variant (plain, socket, engine)
 * lands there, and JSSE's own endpoint identification never runs because we are an
 * {@link X509ExtendedTrustManager} (mxguard checks names itself, per policy). Client checks throw:
 * this trust manager belongs to a sending client. No issuers are advertised.
 */
public abstract class ServerTrustManager extends X509ExtendedTrustManager {
    private static final X509Certificate[] NONE = new X509Certificate[0];

    /** verifyServer - accept the chain (leaf first) or throw with a sentence saying why not. */
    protected abstract void verifyServer(X509Certificate[] chain, String authType) throws CertificateException;

    @Override
    public final void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        verifyServer(chain == null ? NONE : chain.clone(), authType);
    }

    @Override
    public final void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        checkServerTrusted(chain, authType);
    }

    @Override
    public final void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        checkServerTrusted(chain, authType);
    }

    @Override
    public final void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("this trust manager only verifies servers (client side of SMTP)");
    }

    @Override
    public final void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        checkClientTrusted(chain, authType);
    }

    @Override
    public final void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        checkClientTrusted(chain, authType);
    }

    @Override
    public final X509Certificate[] getAcceptedIssuers() {
        return NONE;
    }
}
