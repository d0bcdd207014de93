package io.mxguard.tls;

import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertPathValidatorException.BasicReason;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * PkixTrustManager - WebPKI verification for one route: RFC 5280 path validation to a set of CAs
 * (the JDK's default trust store, or the lab's own "public" CA), then the leaf's names against the
 * route's reference names ({@link HostnameMatcher}, RFC 6125).
 *
 * <p>The verdict is kept ({@link #result()}) and a failure fails the handshake with the reason.
 * Revocation is not checked (no CRL/OCSP fetches from an MTA). Time comes from the injected clock.
 * XXX: the chain is validated in the order presented (leaf first, as TLS 1.2 requires); a server
 * sending its intermediates out of order is refused as NOT_TRUSTED.
 */
public final class PkixTrustManager extends ServerTrustManager {
    private final Set<TrustAnchor> anchors;
    private final List<String> referenceNames;
    private final Clock clock;
    private volatile PkixResult last;

    private PkixTrustManager(Set<TrustAnchor> anchors, Collection<String> referenceNames, Clock clock) {
        if (anchors.isEmpty()) {
            throw new IllegalArgumentException("PKIX verification needs at least one trusted CA");
        }
        this.anchors = Set.copyOf(anchors);
        this.referenceNames = List.copyOf(referenceNames);
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** trusting - trust exactly these CA certificates (e.g. the lab's public CA). */
    public static PkixTrustManager trusting(Collection<X509Certificate> cas, Collection<String> referenceNames, Clock clock) {
        Set<TrustAnchor> anchors = new HashSet<>();
        cas.forEach(ca -> anchors.add(new TrustAnchor(ca, null)));
        return new PkixTrustManager(anchors, referenceNames, clock);
    }

    /** systemDefault - trust the JDK's default trust store ({@code cacerts} or {@code javax.net.ssl.trustStore}). */
    public static PkixTrustManager systemDefault(Collection<String> referenceNames, Clock clock) {
        try {
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init((KeyStore) null);
            for (TrustManager tm : tmf.getTrustManagers()) {
                if (tm instanceof X509TrustManager x509) {
                    return trusting(List.of(x509.getAcceptedIssuers()), referenceNames, clock);
                }
            }
            throw new IllegalStateException("the JDK default trust store has no X.509 trust manager");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot read the JDK default trust store: " + e.getMessage(), e);
        }
    }

    @Override
    protected void verifyServer(X509Certificate[] chain, String authType) throws CertificateException {
        PkixResult result = verify(List.of(chain));
        last = result;
        if (result instanceof PkixResult.Failed failed) {
            throw new CertificateException("PKIX " + failed.reason() + ": " + failed.message());
        }
    }

    /** verify - the verdict for {@code chain} (leaf first) at the clock's time; pure apart from the clock. */
    public PkixResult verify(List<X509Certificate> chain) {
        if (chain.isEmpty()) {
            return new PkixResult.Failed(PkixResult.Reason.EMPTY_CHAIN, "the server presented no certificate");
        }
        try {
            CertPath path = CertificateFactory.getInstance("X.509").generateCertPath(withoutAnchors(chain));
            PKIXParameters params = new PKIXParameters(anchors);
            params.setRevocationEnabled(false);
            params.setDate(Date.from(clock.instant()));
            CertPathValidator.getInstance("PKIX").validate(path, params);
        } catch (CertPathValidatorException e) {
            return new PkixResult.Failed(classify(e), describe(e));
        } catch (GeneralSecurityException e) {
            return new PkixResult.Failed(PkixResult.Reason.NOT_TRUSTED, "cannot validate the chain: " + e.getMessage());
        }
        X509Certificate leaf = chain.get(0);
        Optional<String> name = HostnameMatcher.firstMatch(leaf, referenceNames);
        if (name.isEmpty()) {
            return new PkixResult.Failed(PkixResult.Reason.NAME_MISMATCH, "the certificate names "
                    + HostnameMatcher.presentedNames(leaf) + ", none of " + referenceNames);
        }
        return new PkixResult.Trusted(chain, name.get());
    }

    /** result - the verdict of the last handshake, empty before any. */
    public Optional<PkixResult> result() {
        return Optional.ofNullable(last);
    }

    /** withoutAnchors - the presented chain minus trailing trust-anchor certificates (servers often send the root). */
    private List<X509Certificate> withoutAnchors(List<X509Certificate> chain) {
        List<X509Certificate> path = new ArrayList<>(chain);
        while (path.size() > 1 && isAnchor(path.get(path.size() - 1))) {
            path.remove(path.size() - 1);
        }
        return path;
    }

    private boolean isAnchor(X509Certificate cert) {
        return anchors.stream().anyMatch(a -> cert.equals(a.getTrustedCert()));
    }

    /** classify - the JDK sets a BasicReason; BouncyCastle (first provider, CryptoSetup) chains the cause instead. */
    private static PkixResult.Reason classify(CertPathValidatorException e) {
        if (e.getReason() == BasicReason.EXPIRED) {
            return PkixResult.Reason.EXPIRED;
        }
        if (e.getReason() == BasicReason.NOT_YET_VALID) {
            return PkixResult.Reason.NOT_YET_VALID;
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof CertificateExpiredException) {
                return PkixResult.Reason.EXPIRED;
            }
            if (t instanceof CertificateNotYetValidException) {
                return PkixResult.Reason.NOT_YET_VALID;
            }
        }
        return PkixResult.Reason.NOT_TRUSTED;
    }

    private static String describe(CertPathValidatorException e) {
        String where = e.getIndex() >= 0 ? " (certificate " + e.getIndex() + " of the path)" : "";
        return e.getMessage() + where;
    }
}
