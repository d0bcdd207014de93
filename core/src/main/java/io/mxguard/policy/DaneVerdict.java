package io.mxguard.policy;

import io.mxguard.dane.TlsaRecords;
import io.mxguard.dns.DnsAnswer;
import io.mxguard.dns.HostAddresses;
import io.mxguard.dns.Security;
import io.mxguard.dns.TlsaResult;
import java.util.List;
import java.util.stream.Collectors;
import org.xbill.DNS.Name;
import org.xbill.DNS.TLSARecord;

/**
 * DaneVerdict - what the DNS facts of one MX host say about DANE (RFC 7672 §2.2), before any local
 * level is consulted. Pure.
 */
sealed interface DaneVerdict {

    /** Why, as a sentence fragment ("secure MX and TLSA _25._tcp.mx.example: 1 usable record (3 1 1)"). */
    String why();

    /** Secure TLSA with usable records: authenticate with them. {@code secureMx} decides Verified vs Trusted. */
    record Authenticate(TlsaResult.Found tlsa, List<TLSARecord> usable, boolean secureMx, String why)
            implements DaneVerdict {
    }

    /** Secure TLSA, none usable: TLS is mandatory, without authentication (RFC 7672 §2.2). */
    record EncryptOnly(TlsaResult.Found tlsa, String why) implements DaneVerdict {
    }

    /** DANE does not apply: insecure addresses, no TLSA, or an insecure TLSA RRset. */
    record DoesNotApply(String why) implements DaneVerdict {
    }

    /** The TLSA lookup failed: we cannot know whether DANE applies (RFC 7672 §2.1.1). */
    record LookupFailed(String why) implements DaneVerdict {
    }

    /** of - the DANE verdict for a host whose addresses were found; {@code implicit} when the host is the domain itself. */
    static DaneVerdict of(HostFacts f, boolean implicit) {
        Name host = f.mx().host();
        String mx = (f.mx().security() == Security.SECURE ? "secure " : "insecure ")
                + (implicit ? "implicit MX (address records of " + name(host) + ")" : "MX");
        Security addresses = usedAddressSecurity(f.addresses());
        // RFC 7672 §2.2.3: TLSA records are looked up only for hosts whose address records are secure.
        if (addresses != Security.SECURE) {
            return new DoesNotApply(mx + ", " + addresses + " addresses of " + name(host)
                    + ": DANE does not apply (RFC 7672 §2.2.3)");
        }
        TlsaResult tlsa = f.tlsa().orElseThrow(() -> new IllegalArgumentException(
                "secure addresses for " + host + " but no TLSA result: look TLSA up first (RoutePlanner.needsTlsa)"));
        String prefix = f.mx().security() == Security.SECURE || implicit ? mx : mx + ", secure addresses";
        if (tlsa instanceof TlsaResult.Failed failed) {
            return new LookupFailed(failed.reason());
        }
        if (tlsa instanceof TlsaResult.NotFound nf) {
            return new DoesNotApply(prefix + ", " + nf.reason() + ": DANE does not apply");
        }
        TlsaResult.Found found = (TlsaResult.Found) tlsa;
        if (found.security() != Security.SECURE || found.records().isEmpty()) {
            // RFC 7672 §2.2: only a secure TLSA RRset counts; an insecure one is as if there were none.
            return new DoesNotApply(prefix + ", " + found.security() + " TLSA " + name(found.owner())
                    + ": ignored, DANE does not apply (RFC 7672 §2.2)");
        }
        List<TLSARecord> usable = TlsaRecords.usable(found.records());
        String at = prefix + " and TLSA " + name(found.owner()) + ": ";
        if (usable.isEmpty()) {
            return new EncryptOnly(found, at + "no usable record among " + count(found.records(), "")
                    + ", TLS mandatory without authentication (RFC 7672 §2.2)");
        }
        return new Authenticate(found, usable, f.mx().security() == Security.SECURE,
                at + count(usable, "usable "));
    }

    /** usedAddressSecurity - INSECURE if any address family that answered is insecure; a failed family gives no address and is not counted. */
    static Security usedAddressSecurity(HostAddresses h) {
        boolean insecure = false;
        for (DnsAnswer d : List.of(h.a(), h.aaaa())) {
            if (!(d instanceof DnsAnswer.Failed)) {
                insecure |= d.security() != Security.SECURE;
            }
        }
        return insecure ? Security.INSECURE : Security.SECURE;
    }

    /** count - "1 usable record (3 1 1)", "2 records (0 0 1, 1 1 1)". */
    static String count(List<TLSARecord> records, String adjective) {
        String params = records.stream()
                .map(r -> r.getCertificateUsage() + " " + r.getSelector() + " " + r.getMatchingType())
                .collect(Collectors.joining(", "));
        return records.size() + " " + adjective + (records.size() == 1 ? "record (" : "records (") + params + ")";
    }

    static String name(Name n) {
        return n.toString(true);
    }
}
