package io.mxguard.dns;

import java.util.ArrayList;
import java.util.List;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * AnswerSection - reads one reply for (name, type) into a {@link DnsAnswer}: follows the CNAME
 * chain in the ANSWER section, collects the RRset at the canonical name, or reports NXDOMAIN /
 * NODATA with the RFC 2308 negative TTL. Never reads ADDITIONAL. The {@code security} is the
 * caller's verdict: our validator's, or (in the lab only) a stub's.
 */
public final class AnswerSection {

    /** CNAME chains longer than this are treated as loops (RFC 1034 §3.6.2 expects short chains). */
    public static final int MAX_CNAME_HOPS = 16;

    private AnswerSection() {
    }

    /** read - the answer for (name, type) in a NOERROR or NXDOMAIN {@code reply}, at {@code security}. */
    public static DnsAnswer read(Name name, int type, Message reply, Security security, String why,
                                 long negativeTtlDefault) {
        int rcode = reply.getRcode();
        List<org.xbill.DNS.Record> chain = new ArrayList<>();
        Name canonical = name;
        if (type != Type.CNAME) {
            for (int hops = 0; ; hops++) {
                CNAMERecord cname = findCname(reply, canonical);
                if (cname == null) {
                    break;
                }
                if (hops >= MAX_CNAME_HOPS) {
                    return new DnsAnswer.Failed(name, type, Security.INDETERMINATE,
                            "CNAME chain longer than " + MAX_CNAME_HOPS + " (loop?)", rcode);
                }
                chain.add(cname);
                canonical = cname.getTarget();
            }
        }
        List<org.xbill.DNS.Record> data = new ArrayList<>();
        long ttl = Long.MAX_VALUE;
        for (org.xbill.DNS.Record r : reply.getSection(Section.ANSWER)) {
            if (r.getName().equals(canonical) && r.getType() == type && r.getDClass() == DClass.IN) {
                data.add(r);
                ttl = Math.min(ttl, r.getTTL());
            }
        }
        if (!data.isEmpty()) {
            for (org.xbill.DNS.Record c : chain) {
                ttl = Math.min(ttl, c.getTTL());
            }
            chain.addAll(data);
            return new DnsAnswer.Records(name, type, security, why, canonical, chain, ttl);
        }
        long negativeTtl = negativeTtl(reply, negativeTtlDefault);
        if (rcode == Rcode.NXDOMAIN) {
            String what = canonical.equals(name) ? "name does not exist"
                    : "CNAME target " + canonical + " does not exist";
            return new DnsAnswer.NxDomain(name, type, security, what + "; " + why, negativeTtl);
        }
        return new DnsAnswer.NoData(name, type, security, "no " + Type.string(type) + " records; " + why,
                canonical, negativeTtl);
    }

    private static CNAMERecord findCname(Message reply, Name owner) {
        for (org.xbill.DNS.Record r : reply.getSection(Section.ANSWER)) {
            if (r instanceof CNAMERecord c && r.getName().equals(owner)) {
                return c;
            }
        }
        return null;
    }

    // RFC 2308 §5: the negative TTL is the minimum of the SOA's TTL and its MINIMUM field.
    private static long negativeTtl(Message reply, long fallback) {
        for (org.xbill.DNS.Record r : reply.getSection(Section.AUTHORITY)) {
            if (r instanceof SOARecord soa) {
                return Math.min(soa.getTTL(), soa.getMinimum());
            }
        }
        return fallback;
    }
}
