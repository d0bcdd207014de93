package io.mxguard.lab.dns;

import java.security.NoSuchAlgorithmException;
import java.util.Map;
import java.util.NavigableMap;
import org.xbill.DNS.NSEC3PARAMRecord;
import org.xbill.DNS.NSEC3Record;
import org.xbill.DNS.Name;
import org.xbill.DNS.RRset;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;
import org.xbill.DNS.utils.base32;

/**
 * AuthoritativeDenial - picks the NSEC or NSEC3 records that prove a name or type does not exist,
 * from a {@link ServedZone}'s chain, for each kind of negative or wildcard answer.
 *
 * <p>One per (zone, reply); the caller adds what it returns with {@link AuthoritativeReply#proof}.
 * Names are compared in DNSSEC canonical order, which is {@link Name#compareTo}.
 */
final class AuthoritativeDenial {
    private static final base32 BASE32HEX = new base32(base32.Alphabet.BASE32HEX, false, false);

    private final ServedZone zone;
    private final AuthoritativeReply reply;
    private final NSEC3PARAMRecord nsec3;

    AuthoritativeDenial(ServedZone zone, AuthoritativeReply reply) {
        this.zone = zone;
        this.reply = reply;
        this.nsec3 = zone.nsec3Chain().isEmpty() ? null : nsec3Params(zone);
    }

    /** nxdomain - the name does not exist, nor a wildcard that could have made it. */
    void nxdomain(Name qname, Name closestEncloser) {
        if (nsec3 == null) {
            // RFC 4035 §3.1.3.2: NSEC covering the name, and NSEC covering the wildcard at the encloser
            reply.proof(nsecCovering(qname));
            reply.proof(nsecCovering(wildcard(closestEncloser)));
        } else {
            // RFC 5155 §7.2.2: closest encloser proof plus the NSEC3 covering the wildcard
            Name ce = nsec3ClosestEncloser(qname);
            closestEncloserProof(qname, ce);
            reply.proof(nsec3Covering(wildcard(ce)));
        }
    }

    /** nodata - the name exists (perhaps as an empty non-terminal) but has no RRset of the type. */
    void nodata(Name qname) {
        if (nsec3 == null) {
            // RFC 4035 §3.1.3.1; an empty non-terminal has no NSEC, the covering one proves it
            RRset own = zone.rrset(qname, Type.NSEC).orElse(null);
            reply.proof(own != null ? own : nsecCovering(qname));
        } else {
            RRset match = nsec3Matching(qname);
            if (match != null) {
                reply.proof(match); // RFC 5155 §7.2.3
            } else {
                // RFC 5155 §7.2.4: DS at an opt-out delegation: closest encloser proof
                closestEncloserProof(qname, nsec3ClosestEncloser(qname));
            }
        }
    }

    /** wildcardNodata - a wildcard matched but has no RRset of the type. */
    void wildcardNodata(Name qname, Name closestEncloser) {
        Name wild = wildcard(closestEncloser);
        if (nsec3 == null) {
            reply.proof(nsecCovering(qname)); // RFC 4035 §3.1.3.4
            reply.proof(zone.rrset(wild, Type.NSEC).orElse(null));
        } else {
            closestEncloserProof(qname, closestEncloser); // RFC 5155 §7.2.5
            reply.proof(nsec3Matching(wild));
        }
    }

    /** wildcardAnswer - the answer was synthesized from a wildcard: prove there was no exact match. */
    void wildcardAnswer(Name qname, Name closestEncloser) {
        if (nsec3 == null) {
            reply.proof(nsecCovering(qname)); // RFC 4035 §3.1.3.3
        } else {
            reply.proof(nsec3Covering(nextCloser(qname, closestEncloser))); // RFC 5155 §7.2.6
        }
    }

    /** noDs - a referral to an unsigned child: prove the cut has no DS. */
    void noDs(Name cut) {
        nodata(cut); // RFC 4035 §3.1.4.1 (NSEC at the cut), RFC 5155 §7.2.7 (NSEC3 or opt-out proof)
    }

    // --- NSEC ---

    private RRset nsecCovering(Name name) {
        for (Map.Entry<Name, Map<Integer, RRset>> e : zone.nodes().headMap(name, true).descendingMap().entrySet()) {
            RRset nsec = e.getValue().get(Type.NSEC);
            if (nsec != null) {
                return nsec; // names below a cut (glue) have none; keep walking back
            }
        }
        return null;
    }

    // --- NSEC3 ---

    private void closestEncloserProof(Name qname, Name ce) {
        reply.proof(nsec3Matching(ce));
        if (!qname.equals(ce)) {
            reply.proof(nsec3Covering(nextCloser(qname, ce)));
        }
    }

    /** nsec3ClosestEncloser - the longest proper ancestor of qname that has a matching NSEC3. */
    private Name nsec3ClosestEncloser(Name qname) {
        for (int strip = 1; strip < qname.labels() - zone.origin().labels() + 1; strip++) {
            Name ancestor = new Name(qname, strip);
            if (nsec3Matching(ancestor) != null) {
                return ancestor;
            }
        }
        return zone.origin();
    }

    private RRset nsec3Matching(Name name) {
        return zone.nsec3Chain().get(hashedOwner(name));
    }

    private RRset nsec3Covering(Name name) {
        NavigableMap<Name, RRset> chain = zone.nsec3Chain();
        Map.Entry<Name, RRset> e = chain.lowerEntry(hashedOwner(name));
        return (e != null ? e : chain.lastEntry()).getValue(); // the last NSEC3 wraps around to the first
    }

    private Name hashedOwner(Name name) {
        try {
            return new Name(BASE32HEX.toString(nsec3.hashName(name)), zone.origin());
        } catch (NoSuchAlgorithmException | TextParseException e) {
            throw new IllegalStateException("cannot hash " + name + " for NSEC3 in " + zone.origin(), e);
        }
    }

    private static Name nextCloser(Name qname, Name closestEncloser) {
        return new Name(qname, qname.labels() - closestEncloser.labels() - 1);
    }

    static Name wildcard(Name encloser) {
        try {
            return new Name("*", encloser);
        } catch (TextParseException e) {
            throw new IllegalArgumentException("no wildcard below " + encloser, e);
        }
    }

    private static NSEC3PARAMRecord nsec3Params(ServedZone zone) {
        return zone.nsec3Param().orElseGet(() -> {
            NSEC3Record any = (NSEC3Record) zone.nsec3Chain().firstEntry().getValue().first();
            return new NSEC3PARAMRecord(zone.origin(), any.getDClass(), 0, any.getHashAlgorithm(), 0,
                    any.getIterations(), any.getSalt());
        });
    }
}
