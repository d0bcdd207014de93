package io.mxguard.lab.dns;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.RRset;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * AuthoritativeAnswerer - answers one query from a set of {@link ServedZone}s the way a server
 * authoritative for all of them does: deepest zone first, DS from the parent, referrals for cuts
 * to zones we do not hold, CNAME chains across our zones, wildcards, and the NSEC/NSEC3 proofs a
 * validator needs when the query set DO.
 *
 * <p>Immutable and thread-safe. Never sets AD: we are authoritative, the client validates.
 */
final class AuthoritativeAnswerer implements DnsResponder {
    /** Longest CNAME chain we follow before giving the client what we have. */
    private static final int MAX_CHAIN = 12;

    private final Map<Name, ServedZone> zones = new HashMap<>();
    private final int udpPayloadSize;

    AuthoritativeAnswerer(Collection<ServedZone> served, int udpPayloadSize) {
        for (ServedZone zone : served) {
            if (zones.putIfAbsent(zone.origin(), zone) != null) {
                throw new IllegalArgumentException("zone " + zone.origin() + " given twice");
            }
        }
        this.udpPayloadSize = udpPayloadSize;
    }

    /** respond - find the zone, look the name up, follow CNAMEs; one step per zone visited. */
    @Override
    public Reply respond(Message query, InetSocketAddress client) {
        AuthoritativeReply reply = new AuthoritativeReply(DnsWire.replyTo(query, udpPayloadSize), DnsWire.dnssecOk(query));
        Name qname = query.getQuestion().getName();
        int qtype = query.getQuestion().getType();
        Set<Name> seen = new HashSet<>();
        for (int hop = 0; hop < MAX_CHAIN && seen.add(qname); hop++) {
            Optional<ServedZone> zone = zoneFor(qname, qtype);
            if (zone.isEmpty()) {
                if (hop == 0) {
                    reply.rcode(Rcode.REFUSED);
                    reply.note("refused: not in our zones");
                }
                break; // a CNAME out of our zones: the client follows it itself
            }
            Optional<Name> next = lookup(zone.get(), qname, qtype, reply);
            if (next.isEmpty()) {
                break;
            }
            qname = next.get();
        }
        return new Reply(reply.message(), reply.actions());
    }

    /**
     * zoneFor - the deepest zone we hold that contains qname; for DS at an apex, its parent
     * (RFC 4035 §3.1.4.1: the DS RRset lives on the parent side of the cut).
     */
    Optional<ServedZone> zoneFor(Name qname, int qtype) {
        ServedZone apexFallback = null;
        for (int strip = 0; strip < qname.labels(); strip++) {
            Name candidate = strip == 0 ? qname : new Name(qname, strip);
            ServedZone zone = zones.get(candidate);
            if (zone == null) {
                continue;
            }
            if (strip == 0 && qtype == Type.DS && !candidate.equals(Name.root)) {
                apexFallback = zone; // used only when we do not hold the parent
                continue;
            }
            return Optional.of(zone);
        }
        return Optional.ofNullable(apexFallback);
    }

    /** lookup - answer qname/qtype from one zone; returns the CNAME target to chase, if any. */
    private Optional<Name> lookup(ServedZone zone, Name qname, int qtype, AuthoritativeReply reply) {
        Name origin = zone.origin();
        int depth = qname.labels() - origin.labels();
        AuthoritativeDenial denial = new AuthoritativeDenial(zone, reply);

        // RFC 1034 §4.3.2 step 3b: a cut between the apex and qname means a referral
        for (int strip = depth - 1; strip >= 0; strip--) {
            Name name = new Name(qname, strip);
            Optional<RRset> ns = zone.rrset(name, Type.NS);
            boolean dsAtCut = strip == 0 && qtype == Type.DS; // DS is answered by the parent side
            if (ns.isPresent() && !dsAtCut) {
                referral(zone, name, ns.get(), reply, denial);
                return Optional.empty();
            }
        }

        Map<Integer, RRset> node = zone.nodes().get(qname);
        if (node != null && hasData(node)) {
            return answerFrom(zone, qname, qtype, node, qname, reply, denial, null);
        }
        if (node != null || isEmptyNonTerminal(zone, qname)) {
            nodata(zone, qname, reply, denial, "nodata (empty non-terminal)");
            return Optional.empty();
        }

        Name encloser = closestEncloser(zone, qname);
        Name wild = AuthoritativeDenial.wildcard(encloser);
        Map<Integer, RRset> wildNode = zone.nodes().get(wild);
        if (wildNode != null && hasData(wildNode)) {
            // RFC 4592 §3.3.1: the wildcard's RRsets, owned by qname; the RRSIG label count tells
            // the validator it was synthesized
            return answerFrom(zone, qname, qtype, wildNode, wild, reply, denial, encloser);
        }

        // RFC 2308 §2.1: NXDOMAIN with the SOA in AUTHORITY
        reply.authoritative();
        reply.rcode(Rcode.NXDOMAIN);
        soa(zone, reply);
        denial.nxdomain(qname, encloser);
        reply.note("nxdomain in " + origin);
        return Optional.empty();
    }

    /** answerFrom - the node (or wildcard node) has data: the RRset, a CNAME to chase, or NODATA. */
    private Optional<Name> answerFrom(ServedZone zone, Name qname, int qtype, Map<Integer, RRset> node, Name owner,
            AuthoritativeReply reply, AuthoritativeDenial denial, Name wildcardEncloser) {
        boolean synthesized = wildcardEncloser != null;
        reply.authoritative();
        List<RRset> answer = new ArrayList<>();
        if (qtype == Type.ANY) {
            node.values().stream().filter(s -> s.getType() != Type.NSEC).forEach(answer::add);
        } else if (node.containsKey(qtype)) {
            answer.add(node.get(qtype));
        } else if (node.containsKey(Type.CNAME)) {
            answer.add(node.get(Type.CNAME));
        }
        if (answer.isEmpty()) {
            if (synthesized) {
                soa(zone, reply);
                denial.wildcardNodata(qname, wildcardEncloser);
                reply.note("nodata (wildcard " + owner + ")");
            } else {
                nodata(zone, qname, reply, denial, "nodata in " + zone.origin());
            }
            return Optional.empty();
        }
        for (RRset set : answer) {
            if (synthesized) {
                reply.add(rename(set.rrs(false), qname), rename(set.sigs(), qname), Section.ANSWER);
            } else {
                reply.add(set, Section.ANSWER);
            }
        }
        if (synthesized) {
            denial.wildcardAnswer(qname, wildcardEncloser);
        }
        RRset first = answer.get(0);
        if (first.getType() == Type.CNAME && qtype != Type.CNAME && qtype != Type.ANY) {
            Name target = ((CNAMERecord) first.first()).getTarget();
            reply.note("cname " + qname + " -> " + target);
            return Optional.of(target);
        }
        reply.note((synthesized ? "answer (wildcard " + owner + ")" : "answer") + " from " + zone.origin());
        return Optional.empty();
    }

    private void nodata(ServedZone zone, Name qname, AuthoritativeReply reply, AuthoritativeDenial denial, String note) {
        reply.authoritative();
        soa(zone, reply);
        denial.nodata(qname);
        reply.note(note);
    }

    /**
     * referral - RFC 1034 §4.3.2 step 3b, RFC 4035 §3.1.4: NS of the child in AUTHORITY (not
     * authoritative, so no AA), its DS or the proof there is none, glue in ADDITIONAL.
     */
    private void referral(ServedZone zone, Name cut, RRset ns, AuthoritativeReply reply, AuthoritativeDenial denial) {
        reply.add(ns.rrs(false), List.of(), Section.AUTHORITY); // NS at a cut is not signed
        if (reply.dnssec()) {
            Optional<RRset> ds = zone.rrset(cut, Type.DS);
            if (ds.isPresent()) {
                reply.add(ds.get(), Section.AUTHORITY);
            } else {
                denial.noDs(cut);
            }
        }
        for (Record r : ns.rrs(false)) {
            Name host = ((NSRecord) r).getTarget();
            for (int type : new int[] {Type.A, Type.AAAA}) {
                // glue lives below the cut in the parent; addresses elsewhere come from the zone holding them
                Optional<RRset> glue = zone.rrset(host, type)
                        .or(() -> zoneFor(host, type).flatMap(z -> z.rrset(host, type)));
                glue.ifPresent(set -> reply.add(set.rrs(false), List.of(), Section.ADDITIONAL));
            }
        }
        reply.note("referral to " + cut);
    }

    private static void soa(ServedZone zone, AuthoritativeReply reply) {
        zone.rrset(zone.origin(), Type.SOA).ifPresent(set -> reply.add(set, Section.AUTHORITY));
    }

    /** hasData - the node holds something besides its NSEC (which alone marks an empty non-terminal). */
    private static boolean hasData(Map<Integer, RRset> node) {
        return node.keySet().stream().anyMatch(type -> type != Type.NSEC);
    }

    /** isEmptyNonTerminal - some name below qname exists; in canonical order it sorts right after qname. */
    private static boolean isEmptyNonTerminal(ServedZone zone, Name qname) {
        Name next = zone.nodes().higherKey(qname);
        return next != null && next.subdomain(qname);
    }

    /** closestEncloser - RFC 4592 §3.3.1: the longest existing ancestor of qname. */
    private static Name closestEncloser(ServedZone zone, Name qname) {
        for (int strip = 1; strip < qname.labels() - zone.origin().labels(); strip++) {
            Name ancestor = new Name(qname, strip);
            if (zone.nodes().containsKey(ancestor) || isEmptyNonTerminal(zone, ancestor)) {
                return ancestor;
            }
        }
        return zone.origin();
    }

    private static List<Record> rename(List<? extends Record> records, Name owner) {
        List<Record> renamed = new ArrayList<>(records.size());
        records.forEach(r -> renamed.add(r.withName(owner)));
        return renamed;
    }
}
