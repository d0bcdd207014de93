package io.mxguard.tls;

import java.security.GeneralSecurityException;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * TlsContexts - client TLS set up the way mxguard verifies: our trust manager decides, TLS 1.2 or
 * newer, SNI set by the policy, JSSE's endpoint identification off.
 */
public final class TlsContexts {
    /** The protocols we offer, best first (TLS 1.3 is preferred by the handshake itself). */
    public static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

    private TlsContexts() {
    }

    /** clientContext - an SSLContext whose only trust decision is {@code trustManager}'s. */
    public static SSLContext clientContext(X509TrustManager trustManager) {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {trustManager}, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("JSSE cannot make a TLS client context: " + e.getMessage(), e);
        }
    }

    /**
     * clientParameters - TLS 1.2+ parameters with SNI {@code serverName} (no SNI when null, e.g. for
     * an IP-literal destination). RFC 7672 §8.1: with DANE the SNI is the TLSA base domain.
     */
    public static SSLParameters clientParameters(SSLContext context, String serverName) {
        SSLParameters params = context.getDefaultSSLParameters();
        List<String> supported = List.of(context.getSupportedSSLParameters().getProtocols());
        params.setProtocols(PROTOCOLS.stream().filter(supported::contains).toArray(String[]::new));
        // We check names ourselves (DANE-TA, PKIX) against the policy's reference identifiers.
        params.setEndpointIdentificationAlgorithm(null);
        if (serverName != null) {
            String sni = serverName.endsWith(".") ? serverName.substring(0, serverName.length() - 1) : serverName;
            params.setServerNames(List.of(new SNIHostName(sni)));
        } else {
            params.setServerNames(List.of());
        }
        return params;
    }
}
