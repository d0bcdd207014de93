package io.mxguard.lab.dns;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import org.xbill.DNS.NSEC3PARAMRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.RRset;
import org.xbill.DNS.Type;

/**
 * ServedZone - one zone as an authoritative server serves it: every RRset (with its RRSIGs when
 * the zone is signed) and the zone's NSEC or NSEC3 chain, indexed by owner name in DNSSEC
 * canonical order.
 *
 * <p>Immutable and thread-safe once built. NSEC3 owner names (hashed) are kept in their own map so
 * that lookups of real names never see them.
 */
public final class ServedZone {
    private final Name origin;
    private final NavigableMap<Name, Map<Integer, RRset>> nodes;
    private final NavigableMap<Name, RRset> nsec3Chain;

    public ServedZone(Name origin, Collection<RRset> rrsets) {
        this.origin = origin;
        NavigableMap<Name, Map<Integer, RRset>> byName = new TreeMap<>();
        NavigableMap<Name, RRset> nsec3 = new TreeMap<>();
        for (RRset set : rrsets) {
            if (!set.getName().subdomain(origin)) {
                throw new IllegalArgumentException(set.getName() + " is not in zone " + origin);
            }
            if (set.getType() == Type.NSEC3) {
                nsec3.put(set.getName(), set);
            } else {
                byName.computeIfAbsent(set.getName(), n -> new LinkedHashMap<>()).put(set.getType(), set);
            }
        }
        byName.replaceAll((name, sets) -> Collections.unmodifiableMap(sets));
        this.nodes = Collections.unmodifiableNavigableMap(byName);
        this.nsec3Chain = Collections.unmodifiableNavigableMap(nsec3);
    }

    public Name origin() {
        return origin;
    }

    /** nodes - every owner name (including empty non-terminals that carry only NSEC) with its RRsets. */
    public NavigableMap<Name, Map<Integer, RRset>> nodes() {
        return nodes;
    }

    /** rrset - the RRset (with signatures) of (name, type), if the zone has it. */
    public Optional<RRset> rrset(Name name, int type) {
        Map<Integer, RRset> node = nodes.get(name);
        return node == null ? Optional.empty() : Optional.ofNullable(node.get(type));
    }

    /** isSigned - true when the apex has a DNSKEY RRset. */
    public boolean isSigned() {
        return rrset(origin, Type.DNSKEY).isPresent();
    }

    /** nsec3Chain - hashed owner name to NSEC3 RRset; empty for NSEC or unsigned zones. */
    public NavigableMap<Name, RRset> nsec3Chain() {
        return nsec3Chain;
    }

    /** nsec3Param - the apex NSEC3PARAM, when the zone uses NSEC3. */
    public Optional<NSEC3PARAMRecord> nsec3Param() {
        return rrset(origin, Type.NSEC3PARAM).map(set -> (NSEC3PARAMRecord) set.first());
    }

    @Override
    public String toString() {
        return "ServedZone[" + origin + ", " + nodes.size() + " names" + (isSigned() ? ", signed" : "") + "]";
    }
}
