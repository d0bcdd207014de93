package io.mxguard.dns;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.xbill.DNS.Name;
import org.xbill.DNS.TLSARecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * TlsaLookup - TLSA discovery for one MX host and port, with the CNAME rule of RFC 7672 §2.2.3.
 *
 * <p>The caller passes the host's {@link HostAddresses} (DANE applies only when they are SECURE,
 * which is the caller's decision). If the host name was a CNAME, TLSA is looked up first at
 * {@code _PORT._tcp.<expanded name>}: a SECURE RRset there wins, with the expanded name as base
 * domain. Otherwise (no TLSA there, or only an insecure one) {@code _PORT._tcp.<original name>}
 * is asked. Any lookup error is {@link TlsaResult.Failed}, never "no TLSA".
 */
public final class TlsaLookup {

    private final SecureResolver resolver;

    public TlsaLookup(SecureResolver resolver) {
        this.resolver = resolver;
    }

    /** lookupAsync - TLSA for {@code host} on {@code port}; never completes exceptionally. */
    public CompletionStage<TlsaResult> lookupAsync(HostAddresses host, int port) {
        if (!host.isCname()) {
            return at(host.host(), port);
        }
        // RFC 7672 §2.2.3: with a CNAME, try the TLSA of the expanded name first, then the original.
        return at(host.canonicalName(), port).thenCompose(expanded -> {
            if (expanded instanceof TlsaResult.Failed
                    || expanded instanceof TlsaResult.Found f && f.security() == Security.SECURE) {
                return CompletableFuture.completedFuture(expanded);
            }
            return at(host.host(), port);
        });
    }

    public TlsaResult lookup(HostAddresses host, int port) {
        return lookupAsync(host, port).toCompletableFuture().join();
    }

    /** tlsaName - {@code _PORT._tcp.HOST} (RFC 6698 §3, RFC 7672 §2.2). */
    public static Name tlsaName(Name host, int port) {
        try {
            return Name.concatenate(Name.fromString("_" + port + "._tcp"), host);
        } catch (TextParseException | org.xbill.DNS.NameTooLongException e) {
            throw new IllegalArgumentException("no TLSA name for " + host + " port " + port + ": " + e.getMessage(), e);
        }
    }

    private CompletionStage<TlsaResult> at(Name base, int port) {
        Name owner;
        try {
            owner = tlsaName(base, port);
        } catch (IllegalArgumentException e) {
            return CompletableFuture.completedFuture(new TlsaResult.Failed(Security.INDETERMINATE, e.getMessage()));
        }
        return resolver.lookupAsync(owner, Type.TLSA).thenApply(answer -> {
            if (answer instanceof DnsAnswer.Records r) {
                var tlsa = r.records().stream().filter(TLSARecord.class::isInstance).map(TLSARecord.class::cast).toList();
                return new TlsaResult.Found(base, owner, tlsa, r.security());
            }
            if (answer instanceof DnsAnswer.Failed f) {
                return new TlsaResult.Failed(f.security(), "TLSA lookup " + f.question() + " failed: " + f.reason());
            }
            return new TlsaResult.NotFound(answer.security(), "no TLSA at " + owner + " (" + answer.security() + ")");
        });
    }
}
