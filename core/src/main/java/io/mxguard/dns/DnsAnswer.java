package io.mxguard.dns;

import java.util.List;
import java.util.Objects;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;

/**
 * DnsAnswer - the outcome of one validated lookup of (name, type).
 *
 * <p>Four shapes, never {@code null}: {@link Records} (the RRset was found), {@link NoData} (the
 * name exists but has no record of that type), {@link NxDomain} (the name does not exist), and
 * {@link Failed} (no usable answer: bogus, timeout, SERVFAIL, malformed reply). The first three
 * carry {@link Security#SECURE} or {@link Security#INSECURE} only; {@link Failed} carries
 * {@link Security#BOGUS} or {@link Security#INDETERMINATE}. A failure is never "no records".
 */
public sealed interface DnsAnswer {

    /** The name that was asked for. */
    Name name();

    /** The type that was asked for ({@link org.xbill.DNS.Type} constants). */
    int type();

    Security security();

    /** Why the verdict is what it is; for failures, the Extended DNS Error code and text when known. */
    String reason();

    /** The DNS rcode of the validated answer ({@link Rcode#SERVFAIL} for most failures). */
    int rcode();

    /** The answer's records (owner order as received; CNAMEs first); empty unless {@link Records}. */
    default List<org.xbill.DNS.Record> records() {
        return List.of();
    }

    /** The RRset was found. {@code canonicalName} is the owner after following CNAMEs. */
    record Records(Name name, int type, Security security, String reason, Name canonicalName,
                   List<org.xbill.DNS.Record> records, long ttl) implements DnsAnswer {
        public Records {
            requireUsable(security);
            records = List.copyOf(records);
            Objects.requireNonNull(canonicalName);
        }

        @Override
        public int rcode() {
            return Rcode.NOERROR;
        }
    }

    /** The name exists (possibly via CNAME to {@code canonicalName}) but has no records of the type. */
    record NoData(Name name, int type, Security security, String reason, Name canonicalName, long ttl)
            implements DnsAnswer {
        public NoData {
            requireUsable(security);
        }

        @Override
        public int rcode() {
            return Rcode.NOERROR;
        }
    }

    /** The name does not exist. */
    record NxDomain(Name name, int type, Security security, String reason, long ttl) implements DnsAnswer {
        public NxDomain {
            requireUsable(security);
        }

        @Override
        public int rcode() {
            return Rcode.NXDOMAIN;
        }
    }

    /** No usable answer. {@code rcode} is what the validator (or upstream) returned, or -1 if none. */
    record Failed(Name name, int type, Security security, String reason, int rcode) implements DnsAnswer {
        public Failed {
            if (security.isUsable()) {
                throw new IllegalArgumentException("a failed lookup cannot be " + security);
            }
        }
    }

    /** describe - "destination.com./MX" for log lines. */
    default String question() {
        return name() + "/" + Type.string(type());
    }

    private static void requireUsable(Security security) {
        if (!security.isUsable()) {
            throw new IllegalArgumentException("an answer with data must be SECURE or INSECURE, not " + security);
        }
    }
}
