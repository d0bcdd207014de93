package io.mxguard.lab.dns;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.NavigableSet;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import org.xbill.DNS.Name;
import org.xbill.DNS.RRset;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Type;

/**
 * Zone - the unsigned content of one zone, as built by {@link ZoneBuilder}: RRsets by owner name
 * in canonical order, with the zone cut rules applied (what is authoritative, what is a
 * delegation, what is glue).
 *
 * <p>Immutable; the RRsets it hands out must not be modified.
 */
public final class Zone {
    private final Name origin;
    private final NavigableMap<Name, Map<Integer, RRset>> nodes;
    private final NavigableSet<Name> delegations;

    Zone(Name origin, NavigableMap<Name, Map<Integer, RRset>> nodes) {
        this.origin = origin;
        NavigableMap<Name, Map<Integer, RRset>> copy = new TreeMap<>();
        nodes.forEach((name, sets) -> copy.put(name, Collections.unmodifiableMap(new TreeMap<>(sets))));
        this.nodes = Collections.unmodifiableNavigableMap(copy);
        NavigableSet<Name> cuts = new TreeSet<>();
        for (Map.Entry<Name, Map<Integer, RRset>> node : copy.entrySet()) {
            if (!node.getKey().equals(origin) && node.getValue().containsKey(Type.NS)) {
                cuts.add(node.getKey());
            }
        }
        this.delegations = Collections.unmodifiableNavigableSet(cuts);
    }

    public Name origin() {
        return origin;
    }

    /** nodes - owner name to (type to RRset), canonical order; includes glue. */
    public NavigableMap<Name, Map<Integer, RRset>> nodes() {
        return nodes;
    }

    public SOARecord soa() {
        return (SOARecord) nodes.get(origin).get(Type.SOA).first();
    }

    /** negativeTtl - TTL for NSEC/NSEC3: the lesser of SOA MINIMUM and the SOA TTL (RFC 9077 §3). */
    public long negativeTtl() {
        SOARecord soa = soa();
        return Math.min(soa.getMinimum(), soa.getTTL());
    }

    /** delegations - the zone cuts: names below the apex that own an NS RRset. */
    public NavigableSet<Name> delegations() {
        return delegations;
    }

    /** cutAbove - the delegation point at or above name, if name lies in a delegated subtree. */
    public Optional<Name> cutAbove(Name name) {
        if (!name.subdomain(origin)) {
            return Optional.empty();
        }
        // Topmost cut first: everything below it belongs to the child.
        for (int labels = origin.labels() + 1; labels <= name.labels(); labels++) {
            Name ancestor = labels == name.labels() ? name : new Name(name, name.labels() - labels);
            if (delegations.contains(ancestor)) {
                return Optional.of(ancestor);
            }
        }
        return Optional.empty();
    }

    /** isOccluded - true for names strictly below a zone cut: glue, not authoritative (RFC 4035 §2.2). */
    public boolean isOccluded(Name name) {
        return cutAbove(name).filter(cut -> !cut.equals(name)).isPresent();
    }

    /** isAuthoritative - whether (name, type) is zone data that the zone signs (RFC 4035 §2.2). */
    public boolean isAuthoritative(Name name, int type) {
        if (isOccluded(name)) {
            return false;
        }
        if (delegations.contains(name)) {
            // At a cut only DS (and the denial record) belong to the parent.
            return type == Type.DS || type == Type.NSEC;
        }
        return true;
    }

    /** rrsets - every RRset of the zone, in canonical owner order. */
    public List<RRset> rrsets() {
        List<RRset> all = new ArrayList<>();
        nodes.values().forEach(sets -> all.addAll(sets.values()));
        return all;
    }

    /** unsigned - the zone as served without DNSSEC. */
    public ServedZone unsigned() {
        return new ServedZone(origin, rrsets());
    }

    @Override
    public String toString() {
        return "Zone[" + origin + ", " + nodes.size() + " names, " + delegations.size() + " delegations]";
    }
}
