package io.mxguard.lab.dns;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.Objects;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * HijackRule - one lie the attacker's resolver tells, applied to every upstream answer it
 * forwards. Rules combine; each reports whether it changed the answer.
 */
public sealed interface HijackRule {

    /** What happens to the RRSIGs of a forged RRset. */
    enum Signatures {
        /** remove them: the forged RRset arrives unsigned */
        STRIP,
        /** keep the originals attached: they no longer match the data */
        KEEP_STALE
    }

    /** How a dropped TLSA answer looks. */
    enum Denial { NXDOMAIN, NODATA }

    /** rewriteMx - every MX of {@code domain} now points at {@code newTarget}. */
    static HijackRule rewriteMx(Name domain, Name newTarget, Signatures signatures) {
        return new RewriteMx(domain, newTarget, signatures);
    }

    /** rewriteAddress - A (for an IPv4 address) or AAAA answers for {@code host} become {@code newAddress}. */
    static HijackRule rewriteAddress(Name host, InetAddress newAddress, Signatures signatures) {
        return new RewriteAddress(host, newAddress, signatures);
    }

    /** setAd - claim every answer was validated (AD=1). */
    static HijackRule setAd() {
        return new SetAd();
    }

    /** dropTlsa - TLSA queries get NXDOMAIN or NODATA, with no NSEC, NSEC3 or RRSIG to prove it. */
    static HijackRule dropTlsa(Denial denial) {
        return new DropTlsa(denial);
    }

    /** stripDnssec - remove RRSIG, NSEC, NSEC3, NSEC3PARAM, DNSKEY and DS, and clear DO in the reply. */
    static HijackRule stripDnssec() {
        return new StripDnssec();
    }

    /** injectAdditional - add this (unsigned) record to the ADDITIONAL section of every answer. */
    static HijackRule injectAdditional(Record record) {
        return new InjectAdditional(record);
    }

    record RewriteMx(Name domain, Name newTarget, Signatures signatures) implements HijackRule {
        public RewriteMx {
            Objects.requireNonNull(domain);
            Objects.requireNonNull(newTarget);
            Objects.requireNonNull(signatures);
        }

        @Override
        public String toString() {
            return "rewriteMx(" + domain + " -> " + newTarget + ", " + signatures + ")";
        }
    }

    record RewriteAddress(Name host, InetAddress newAddress, Signatures signatures) implements HijackRule {
        public RewriteAddress {
            Objects.requireNonNull(host);
            Objects.requireNonNull(newAddress);
            Objects.requireNonNull(signatures);
        }

        /** type - A or AAAA, whichever the new address is. */
        public int type() {
            return newAddress instanceof Inet4Address ? Type.A : Type.AAAA;
        }

        @Override
        public String toString() {
            return "rewriteAddress(" + host + " -> " + newAddress.getHostAddress() + ", " + signatures + ")";
        }
    }

    record SetAd() implements HijackRule {
        @Override
        public String toString() {
            return "setAd";
        }
    }

    record DropTlsa(Denial denial) implements HijackRule {
        public DropTlsa {
            Objects.requireNonNull(denial);
        }

        @Override
        public String toString() {
            return "dropTlsa(" + denial + ")";
        }
    }

    record StripDnssec() implements HijackRule {
        @Override
        public String toString() {
            return "stripDnssec";
        }
    }

    record InjectAdditional(Record record) implements HijackRule {
        public InjectAdditional {
            Objects.requireNonNull(record);
        }

        @Override
        public String toString() {
            return "injectAdditional(" + record + ")";
        }
    }
}
