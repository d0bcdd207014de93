package io.mxguard.dns;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.Name;

/**
 * HostAddresses - the A and AAAA answers for one host, each with its own security.
 *
 * <p>{@link #security()} is the weakest of the two (SECURE &gt; INSECURE &gt; INDETERMINATE &gt; BOGUS);
 * {@link #kind()} says whether the host can be used, and {@link #reason()} names a failing family.
 */
public record HostAddresses(Name host, DnsAnswer a, DnsAnswer aaaa) {

    /** FOUND: addresses, no failure; PARTIAL: addresses, but one family failed; NONE: no addresses; FAILED. */
    public enum Kind { FOUND, PARTIAL, NONE, FAILED }

    public Kind kind() {
        boolean failed = a instanceof DnsAnswer.Failed || aaaa instanceof DnsAnswer.Failed;
        if (!addresses().isEmpty()) {
            return failed ? Kind.PARTIAL : Kind.FOUND;
        }
        return failed ? Kind.FAILED : Kind.NONE;
    }

    /** All addresses, IPv4 first (as received within each family). */
    public List<InetAddress> addresses() {
        List<InetAddress> out = new ArrayList<>();
        for (org.xbill.DNS.Record r : a.records()) {
            if (r instanceof ARecord x) {
                out.add(x.getAddress());
            }
        }
        for (org.xbill.DNS.Record r : aaaa.records()) {
            if (r instanceof AAAARecord x) {
                out.add(x.getAddress());
            }
        }
        return out;
    }

    /** The weakest security of the two lookups. */
    public Security security() {
        return weakest(a.security(), aaaa.security());
    }

    /** The host name after CNAME expansion (the host itself when there was no CNAME). */
    public Name canonicalName() {
        for (DnsAnswer d : List.of(a, aaaa)) {
            if (d instanceof DnsAnswer.Records r) {
                return r.canonicalName();
            }
        }
        for (DnsAnswer d : List.of(a, aaaa)) {
            if (d instanceof DnsAnswer.NoData n) {
                return n.canonicalName();
            }
        }
        return host;
    }

    /** isCname - true when the host name was an alias (RFC 7672 §2.2.3 then wants the expanded name first). */
    public boolean isCname() {
        return !canonicalName().equals(host);
    }

    /** Why the lookup is what it is; names the failing family. */
    public String reason() {
        List<String> parts = new ArrayList<>();
        for (DnsAnswer d : List.of(a, aaaa)) {
            if (d instanceof DnsAnswer.Failed f) {
                parts.add(f.question() + " failed (" + f.security() + "): " + f.reason());
            }
        }
        return parts.isEmpty() ? addresses().size() + " addresses, " + security() : String.join("; ", parts);
    }

    static Security weakest(Security x, Security y) {
        return rank(x) <= rank(y) ? x : y;
    }

    private static int rank(Security s) {
        return switch (s) {
            case BOGUS -> 0;
            case INDETERMINATE -> 1;
            case INSECURE -> 2;
            case SECURE -> 3;
        };
    }
}
