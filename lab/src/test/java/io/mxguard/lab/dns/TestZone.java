package io.mxguard.lab.dns;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.xbill.DNS.DClass;
import org.xbill.DNS.DNSKEYRecord;
import org.xbill.DNS.DNSSEC;
import org.xbill.DNS.DSRecord;
import org.xbill.DNS.NSEC3PARAMRecord;
import org.xbill.DNS.NSEC3Record;
import org.xbill.DNS.NSECRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.RRSIGRecord;
import org.xbill.DNS.RRset;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * TestZone - a hand-built zone for the server tests: records from zone-file text, optionally
 * signed with one ECDSA P-256 key and given an NSEC or NSEC3 chain. A stand-in for the lab
 * signer, just enough to exercise the servers.
 */
final class TestZone {
    static final long TTL = 3600;
    private static final Instant INCEPTION = Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
    private static final Instant EXPIRATION = INCEPTION.plus(10, ChronoUnit.DAYS);

    enum Denial { UNSIGNED, NSEC, NSEC3 }

    final Name origin;
    private final Denial denial;
    private final List<Record> records = new ArrayList<>();
    private final KeyPair key;
    final DNSKEYRecord dnskey;

    TestZone(String origin, Denial denial) {
        this.origin = Name.fromConstantString(origin);
        this.denial = denial;
        try {
            if (denial != Denial.UNSIGNED) {
                KeyPairGenerator gen = KeyPairGenerator.getInstance("EC");
                gen.initialize(new ECGenParameterSpec("secp256r1"));
                key = gen.generateKeyPair();
                dnskey = new DNSKEYRecord(this.origin, DClass.IN, TTL, 257, 3,
                        DNSSEC.Algorithm.ECDSAP256SHA256, key.getPublic());
            } else {
                key = null;
                dnskey = null;
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        add("@", Type.SOA, "ns1." + origin + " hostmaster." + origin + " 1 3600 600 86400 300");
    }

    /** add - one record; owner relative to the origin ("@" is the apex). */
    TestZone add(String owner, int type, String rdata) {
        try {
            Name name = owner.equals("@") ? origin : Name.fromString(owner, origin);
            records.add(Record.fromString(name, type, DClass.IN, TTL, rdata, origin));
            return this;
        } catch (Exception e) {
            throw new IllegalArgumentException(owner + " " + Type.string(type) + " " + rdata, e);
        }
    }

    TestZone add(Record record) {
        records.add(record);
        return this;
    }

    /** ds - the DS record the parent publishes for this zone. */
    DSRecord ds() {
        return new DSRecord(origin, DClass.IN, TTL, DNSSEC.Digest.SHA256, dnskey);
    }

    ServedZone build() {
        Map<Name, Map<Integer, RRset>> nodes = new TreeMap<>();
        List<Record> all = new ArrayList<>(records);
        if (dnskey != null) {
            all.add(dnskey);
        }
        for (Record r : all) {
            nodes.computeIfAbsent(r.getName(), n -> new LinkedHashMap<>())
                    .computeIfAbsent(r.getType(), t -> new RRset()).addRR(r);
        }
        Set<Name> cuts = new TreeSet<>();
        nodes.forEach((name, sets) -> {
            if (!name.equals(origin) && sets.containsKey(Type.NS)) {
                cuts.add(name);
            }
        });
        List<Name> authoritative = new ArrayList<>();
        for (Name name : nodes.keySet()) {
            if (cuts.stream().noneMatch(cut -> name.subdomain(cut) && !name.equals(cut))) {
                authoritative.add(name);
            }
        }
        List<RRset> out = new ArrayList<>();
        if (denial == Denial.NSEC) {
            for (int i = 0; i < authoritative.size(); i++) {
                Name name = authoritative.get(i);
                Name next = authoritative.get((i + 1) % authoritative.size());
                Set<Integer> types = new TreeSet<>(nodes.get(name).keySet());
                types.add(Type.NSEC);
                types.add(Type.RRSIG);
                nodes.get(name).put(Type.NSEC, new RRset(new NSECRecord(name, DClass.IN, 300, next, ints(types))));
            }
        } else if (denial == Denial.NSEC3) {
            nsec3(nodes, authoritative, out);
        }
        nodes.forEach((name, sets) -> sets.values().forEach(set -> {
            boolean glue = !authoritative.contains(name);
            boolean cutNs = cuts.contains(name) && set.getType() == Type.NS;
            if (key != null && !glue && !cutNs) {
                sign(set);
            }
            out.add(set);
        }));
        return new ServedZone(origin, out);
    }

    private void nsec3(Map<Name, Map<Integer, RRset>> nodes, List<Name> authoritative, List<RRset> out) {
        NSEC3PARAMRecord param = new NSEC3PARAMRecord(origin, DClass.IN, 0, NSEC3Record.SHA1_DIGEST_ID, 0, 0, null);
        nodes.get(origin).put(Type.NSEC3PARAM, new RRset(param));
        Map<Name, Set<Integer>> names = new TreeMap<>();
        for (Name name : authoritative) {
            Set<Integer> types = new TreeSet<>(nodes.get(name).keySet());
            boolean unsignedCut = !name.equals(origin) && !types.contains(Type.DS) && types.contains(Type.NS);
            if (!unsignedCut) {
                types.add(Type.RRSIG);
            }
            names.put(name, types);
            for (int strip = 1; strip < name.labels() - origin.labels(); strip++) {
                names.putIfAbsent(new Name(name, strip), new TreeSet<>()); // empty non-terminals
            }
        }
        try {
            TreeMap<Name, byte[]> hashes = new TreeMap<>();
            Map<Name, Set<Integer>> byHash = new TreeMap<>();
            for (Map.Entry<Name, Set<Integer>> e : names.entrySet()) {
                byte[] hash = param.hashName(e.getKey());
                Name owner = new Name(new org.xbill.DNS.utils.base32(
                        org.xbill.DNS.utils.base32.Alphabet.BASE32HEX, false, false).toString(hash), origin);
                hashes.put(owner, hash);
                byHash.put(owner, e.getValue());
            }
            List<Name> owners = new ArrayList<>(hashes.keySet());
            for (int i = 0; i < owners.size(); i++) {
                Name owner = owners.get(i);
                byte[] next = hashes.get(owners.get((i + 1) % owners.size()));
                RRset set = new RRset(new NSEC3Record(owner, DClass.IN, 300, NSEC3Record.SHA1_DIGEST_ID, 0, 0, null,
                        next, ints(byHash.get(owner))));
                sign(set);
                out.add(set);
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private void sign(RRset set) {
        try {
            RRSIGRecord sig = DNSSEC.sign(set, dnskey, key.getPrivate(), INCEPTION, EXPIRATION);
            set.addRR(sig);
        } catch (Exception e) {
            throw new IllegalStateException("signing " + set, e);
        }
    }

    private static int[] ints(Set<Integer> types) {
        return types.stream().mapToInt(Integer::intValue).toArray();
    }
}
