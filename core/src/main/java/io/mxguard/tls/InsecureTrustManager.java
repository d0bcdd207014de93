package io.mxguard.tls;

import java.security.cert.X509Certificate;
import java.util.List;

/**
 * InsecureTrustManager - accepts any server chain, for opportunistic TLS (Postfix level "may").
 *
 * <p>Encryption without authentication: an active attacker can present any certificate. The chain
 * is kept so that it can be reported ({@link #presentedChain()}). One instance per connection.
 */
public final class InsecureTrustManager extends ServerTrustManager {
    private volatile List<X509Certificate> presented = List.of();

    @Override
    protected void verifyServer(X509Certificate[] chain, String authType) {
        presented = List.of(chain);
    }

    /** presentedChain - the last chain the server presented, leaf first (empty before the handshake). */
    public List<X509Certificate> presentedChain() {
        return presented;
    }
}
