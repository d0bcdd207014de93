package io.mxguard.dane;

import io.mxguard.tls.ServerTrustManager;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.xbill.DNS.TLSARecord;

/**
 * DaneTrustManager - the JSSE trust decision for one DANE route: {@link DaneVerifier} over the
 * server's chain, the TLSA RRset and the route's reference names, at the clock's time.
 *
 * <p>On failure the handshake fails with a {@link CertificateException} carrying the reason
 * sentence; either way {@link #result()} keeps the verdict for the delivery report. Use with
 * {@link io.mxguard.tls.TlsContexts}, SNI = {@link DaneReferenceNames#sniName()} (RFC 7672 §8.1).
 * One instance per connection attempt.
 */
public final class DaneTrustManager extends ServerTrustManager {
    private final List<TLSARecord> records;
    private final DaneReferenceNames names;
    private final Clock clock;
    private volatile DaneResult last;

    public DaneTrustManager(List<TLSARecord> records, DaneReferenceNames names, Clock clock) {
        this.records = List.copyOf(records);
        this.names = Objects.requireNonNull(names, "names");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    protected void verifyServer(X509Certificate[] chain, String authType) throws CertificateException {
        DaneResult result = DaneVerifier.verify(List.of(chain), records, names.names(), clock.instant());
        last = result;
        if (result instanceof DaneResult.Failed failed) {
            throw new CertificateException("DANE " + failed.reason() + ": " + failed.message());
        }
    }

    /** result - the verdict of the last handshake, empty before any. */
    public Optional<DaneResult> result() {
        return Optional.ofNullable(last);
    }

    /** names - the reference identifiers this route checks DANE-TA leaves against. */
    public DaneReferenceNames names() {
        return names;
    }
}
