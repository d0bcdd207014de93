package io.mxguard.smtp.client;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;

/**
 * TlsFacts - what one completed STARTTLS handshake established; the delivery layer turns these
 * and its policy into a level (Verified, Trusted, Untrusted, Anonymous).
 *
 * @param protocol             "TLSv1.3" or "TLSv1.2"
 * @param cipherSuite          the negotiated suite
 * @param peerChain            the server's certificates, leaf first (empty for anonymous suites)
 * @param sniSent              the server name sent in the handshake, if any
 * @param trustManagerAccepted the caller's trust manager accepted the chain (a rejection aborts the
 *                             handshake, so a completed handshake always has true here)
 */
public record TlsFacts(String protocol, String cipherSuite, List<X509Certificate> peerChain,
                       Optional<String> sniSent, boolean trustManagerAccepted) {
    public TlsFacts {
        peerChain = List.copyOf(peerChain);
    }

    @Override
    public String toString() {
        return protocol + " " + cipherSuite + (sniSent.map(s -> " sni=" + s).orElse(""))
                + (peerChain.isEmpty() ? "" : " peer=" + peerChain.get(0).getSubjectX500Principal().getName());
    }
}
