package io.mxguard.lab.dns;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.xbill.DNS.DNSKEYRecord;
import org.xbill.DNS.DNSSEC;
import org.xbill.DNS.Name;
import org.xbill.DNS.RRSIGRecord;
import org.xbill.DNS.RRset;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/** Signatures - test helper: checks every RRSIG of a served zone with dnsjava's verifier. */
final class Signatures {
    private Signatures() {}

    /** all - every RRset of the zone, NSEC3 chain included. */
    static List<RRset> all(ServedZone zone) {
        List<RRset> sets = new ArrayList<>();
        for (Map<Integer, RRset> node : zone.nodes().values()) {
            sets.addAll(node.values());
        }
        sets.addAll(zone.nsec3Chain().values());
        return sets;
    }

    /** verifyAll - verifies each RRSIG against the DNSKEY it names; returns how many were checked. */
    static int verifyAll(ServedZone zone, Instant now) throws DNSSEC.DNSSECException {
        RRset dnskeys = zone.rrset(zone.origin(), Type.DNSKEY).orElseThrow();
        int checked = 0;
        for (RRset set : all(zone)) {
            for (RRSIGRecord sig : set.sigs()) {
                DNSSEC.verify(set, sig, keyFor(dnskeys, sig), now);
                checked++;
            }
        }
        return checked;
    }

    static DNSKEYRecord keyFor(RRset dnskeys, RRSIGRecord sig) {
        for (Record r : dnskeys.rrs()) {
            DNSKEYRecord key = (DNSKEYRecord) r;
            if (key.getFootprint() == sig.getFootprint() && key.getAlgorithm() == sig.getAlgorithm()
                    && key.getName().equals(sig.getSigner())) {
                return key;
            }
        }
        throw new AssertionError("no DNSKEY for " + sig);
    }

    static Name name(String s) {
        return Name.fromConstantString(s);
    }
}
