package io.mxguard.lab.dns;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.NavigableSet;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.xbill.DNS.DClass;
import org.xbill.DNS.NSEC3Record;
import org.xbill.DNS.NSECRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.RRset;
import org.xbill.DNS.Type;

/**
 * DenialChains - builds the NSEC or NSEC3 chain of a zone whose other RRsets (DNSKEY and
 * NSEC3PARAM included) are final. dnsjava does not generate these (DESIGN §7).
 */
final class DenialChains {
    private DenialChains() {}

    /**
     * nsec - one NSEC per authoritative owner name, in canonical order, the last pointing back at the
     * apex (RFC 4034 §4.1.1). Empty non-terminals get none (RFC 4035 §2.3: only names with
     * authoritative data or a delegation NS); the NSEC before one covers it and names a descendant.
     */
    static List<RRset> nsec(Zone zone, NavigableMap<Name, Map<Integer, RRset>> nodes) {
        List<Name> owners = new ArrayList<>();
        for (Name name : nodes.keySet()) {
            if (!zone.isOccluded(name)) {
                owners.add(name);
            }
        }
        List<RRset> chain = new ArrayList<>(owners.size());
        for (int i = 0; i < owners.size(); i++) {
            Name owner = owners.get(i);
            Name next = owners.get((i + 1) % owners.size());
            Set<Integer> types = bitmap(zone, owner, nodes.get(owner).keySet());
            types.add(Type.NSEC);
            types.add(Type.RRSIG); // RFC 4034 §4.1.2: the NSEC itself is signed, also at a cut.
            chain.add(new RRset(new NSECRecord(owner, DClass.IN, zone.negativeTtl(), next, toArray(types))));
        }
        return chain;
    }

    /**
     * nsec3 - one NSEC3 per authoritative name and per empty non-terminal (RFC 5155 §7.1), ordered
     * by hash, each pointing at the next hash and the last at the first. Opt-out is off, so
     * unsigned delegations are in the chain too.
     */
    static List<RRset> nsec3(Zone zone, NavigableMap<Name, Map<Integer, RRset>> nodes, Denial.Nsec3 params) {
        byte[] salt = params.salt();
        NavigableSet<Name> names = new TreeSet<>();
        for (Name name : nodes.keySet()) {
            if (!zone.isOccluded(name)) {
                names.add(name);
                addEmptyNonTerminals(name, zone.origin(), names);
            }
        }
        // Keyed by hashed owner name: canonical order of base32hex labels equals hash order.
        TreeMap<Name, byte[]> hashes = new TreeMap<>();
        TreeMap<Name, Name> original = new TreeMap<>();
        for (Name name : names) {
            byte[] hash = Nsec3Hash.hash(name, salt, params.iterations());
            Name owner = Nsec3Hash.owner(hash, zone.origin());
            Name clash = original.put(owner, name);
            if (clash != null) {
                throw new IllegalStateException("NSEC3 hash collision between " + clash + " and " + name);
            }
            hashes.put(owner, hash);
        }
        List<Name> owners = new ArrayList<>(hashes.keySet());
        List<RRset> chain = new ArrayList<>(owners.size());
        for (int i = 0; i < owners.size(); i++) {
            Name owner = owners.get(i);
            byte[] next = hashes.get(owners.get((i + 1) % owners.size()));
            Name name = original.get(owner);
            Map<Integer, RRset> node = nodes.get(name);
            Set<Integer> types = node == null ? new TreeSet<>() : bitmap(zone, name, node.keySet());
            if (isSigned(zone, name, types)) {
                types.add(Type.RRSIG);
            }
            chain.add(new RRset(new NSEC3Record(owner, DClass.IN, zone.negativeTtl(), NSEC3Record.Digest.SHA1,
                    0, params.iterations(), salt.length == 0 ? null : salt, next, toArray(types))));
        }
        return chain;
    }

    /** bitmap - the types an NSEC/NSEC3 at name lists: at a cut only NS and DS (RFC 4035 §2.3). */
    private static Set<Integer> bitmap(Zone zone, Name name, Set<Integer> present) {
        Set<Integer> types = new TreeSet<>(present);
        if (zone.delegations().contains(name)) {
            types.retainAll(Set.of(Type.NS, Type.DS));
        }
        return types;
    }

    /** isSigned - whether name owns a signed RRset: any data, except at a cut without DS. */
    private static boolean isSigned(Zone zone, Name name, Set<Integer> types) {
        if (zone.delegations().contains(name)) {
            return types.contains(Type.DS);
        }
        return !types.isEmpty();
    }

    private static void addEmptyNonTerminals(Name name, Name origin, Set<Name> names) {
        for (int strip = 1; strip < name.labels() - origin.labels(); strip++) {
            names.add(new Name(name, strip));
        }
    }

    private static int[] toArray(Set<Integer> types) {
        return types.stream().mapToInt(Integer::intValue).toArray();
    }
}
