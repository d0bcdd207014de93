package io.mxguard.dns;

import java.util.List;
import org.xbill.DNS.Name;
import org.xbill.DNS.TLSARecord;

/**
 * TlsaResult - the TLSA records of one MX host and port, or why there are none (RFC 7672 §2.2).
 */
public sealed interface TlsaResult {

    Security security();

    /** TLSA records at {@code _PORT._tcp.baseDomain}; the base domain is the SNI and a name the certificate may carry. */
    record Found(Name baseDomain, Name owner, List<TLSARecord> records, Security security) implements TlsaResult {
        public Found {
            records = List.copyOf(records);
        }
    }

    /** No TLSA record (NODATA/NXDOMAIN) at any candidate name; DANE does not apply. */
    record NotFound(Security security, String reason) implements TlsaResult {
    }

    /** The lookup failed (timeout, SERVFAIL, BOGUS): an error, not "no TLSA" — skip this host or defer. */
    record Failed(Security security, String reason) implements TlsaResult {
    }
}
