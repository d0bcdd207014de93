package io.mxguard.policy;

import io.mxguard.dane.DaneReferenceNames;
import java.util.List;
import java.util.Objects;
import org.xbill.DNS.Name;
import org.xbill.DNS.TLSARecord;

/**
 * TlsMode - what the SMTP client does on one route: the part of a {@link TlsRequirement} it acts on.
 */
public sealed interface TlsMode {

    /** Kind - for switches and logs. */
    enum Kind { NO_TLS, OPPORTUNISTIC, ENCRYPT_UNAUTHENTICATED, DANE, PKIX }

    Kind kind();

    /** Do not use STARTTLS even if offered. */
    record NoTls() implements TlsMode {
        @Override
        public Kind kind() {
            return Kind.NO_TLS;
        }
    }

    /** STARTTLS if offered, any certificate; plaintext if not offered or if the handshake fails. */
    record Opportunistic() implements TlsMode {
        @Override
        public Kind kind() {
            return Kind.OPPORTUNISTIC;
        }
    }

    /** STARTTLS required, any certificate; no plaintext. */
    record EncryptUnauthenticated() implements TlsMode {
        @Override
        public Kind kind() {
            return Kind.ENCRYPT_UNAUTHENTICATED;
        }
    }

    /**
     * STARTTLS required, certificate must match one of {@code records} (RFC 7672 §2.3).
     *
     * @param tlsaBaseDomain the TLSA base domain: send it as SNI (RFC 7672 §8.1)
     * @param tlsaOwner      {@code _PORT._tcp.BASE}, for logs and TLS-RPT
     * @param records        the usable records only (RFC 7672 §3.1), never empty
     * @param referenceNames for DANE-TA(2): the leaf must name one of these (RFC 7672 §3.2.3):
     *                       TLSA base domain, MX host before and after CNAME expansion, next-hop domain
     */
    record Dane(Name tlsaBaseDomain, Name tlsaOwner, List<TLSARecord> records, DaneReferenceNames referenceNames)
            implements TlsMode {
        public Dane {
            Objects.requireNonNull(tlsaBaseDomain);
            records = List.copyOf(records);
            Objects.requireNonNull(referenceNames);
            if (records.isEmpty()) {
                throw new IllegalArgumentException("DANE mode needs at least one usable TLSA record");
            }
        }

        /** sni - the server name to send: the TLSA base domain. */
        public Name sni() {
            return tlsaBaseDomain;
        }

        @Override
        public Kind kind() {
            return Kind.DANE;
        }
    }

    /**
     * STARTTLS required, WebPKI chain, and the certificate must name one of {@code referenceNames}
     * (a leading dot means "any name below", as in Postfix's match lists).
     *
     * @param namesFromSecureData false when a name was taken from an unsigned MX RRset
     */
    record Pkix(List<String> referenceNames, boolean namesFromSecureData) implements TlsMode {
        public Pkix {
            referenceNames = List.copyOf(referenceNames);
            if (referenceNames.isEmpty()) {
                throw new IllegalArgumentException("PKIX mode needs at least one reference name");
            }
        }

        @Override
        public Kind kind() {
            return Kind.PKIX;
        }
    }
}
