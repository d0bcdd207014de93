package io.mxguard.lab.dns;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.xbill.DNS.DClass;
import org.xbill.DNS.DNSSEC;
import org.xbill.DNS.NSEC3PARAMRecord;
import org.xbill.DNS.NSEC3Record;
import org.xbill.DNS.Name;
import org.xbill.DNS.RRset;
import org.xbill.DNS.Type;

/**
 * ZoneSigner - turns an unsigned {@link Zone} and its {@link ZoneKeys} into a signed
 * {@link ServedZone}: DNSKEY at the apex, an NSEC or NSEC3 chain, and RRSIGs over every
 * authoritative RRset.
 *
 * <p>What is signed (RFC 4035 §2.2): every RRset at or above the zone cuts; at a cut only DS and
 * the denial record; never delegation NS or glue. The DNSKEY RRset is signed by the key-signing
 * keys, everything else by the data-signing keys. Signatures carry the window of
 * {@link Validity} against the injected clock. Thread-safe; each call signs independently.
 */
public final class ZoneSigner {
    private final Clock clock;

    public ZoneSigner(Clock clock) {
        this.clock = clock;
        BouncyCastle.register();
    }

    /** sign - the signed zone. Throws IllegalArgumentException when keys belong to another zone. */
    public ServedZone sign(Zone zone, ZoneKeys keys, SigningOptions options) {
        if (!keys.zone().equals(zone.origin())) {
            throw new IllegalArgumentException("keys of " + keys.zone() + " cannot sign " + zone.origin());
        }
        NavigableMap<Name, Map<Integer, RRset>> nodes = copyOf(zone.nodes());
        Map<Integer, RRset> apex = nodes.get(zone.origin());
        apex.put(Type.DNSKEY, dnskeys(keys));

        List<RRset> nsec3 = List.of();
        if (options.denial() instanceof Denial.Nsec3 params) {
            // RFC 5155 §4: NSEC3PARAM at the apex; TTL 0 as the signers in common use publish it.
            apex.put(Type.NSEC3PARAM, new RRset(new NSEC3PARAMRecord(zone.origin(), DClass.IN, 0,
                    NSEC3Record.Digest.SHA1, 0, params.iterations(), params.salt().length == 0 ? null : params.salt())));
            nsec3 = DenialChains.nsec3(zone, nodes, params);
        } else {
            for (RRset nsec : DenialChains.nsec(zone, nodes)) {
                nodes.get(nsec.getName()).put(Type.NSEC, nsec);
            }
        }

        Instant inception = options.validity().inception(clock);
        Instant expiration = options.validity().expiration(clock);
        List<RRset> served = new ArrayList<>();
        for (Map.Entry<Name, Map<Integer, RRset>> node : nodes.entrySet()) {
            for (RRset set : node.getValue().values()) {
                if (zone.isAuthoritative(node.getKey(), set.getType())) {
                    List<ZoneKey> signers = set.getType() == Type.DNSKEY ? keys.keySigning() : keys.dataSigning();
                    addSignatures(set, signers, inception, expiration);
                }
                served.add(set);
            }
        }
        for (RRset set : nsec3) {
            addSignatures(set, keys.dataSigning(), inception, expiration);
            served.add(set);
        }
        return new ServedZone(zone.origin(), served);
    }

    private static RRset dnskeys(ZoneKeys keys) {
        RRset set = new RRset();
        keys.keys().forEach(key -> set.addRR(key.dnskey()));
        return set;
    }

    private static void addSignatures(RRset set, List<ZoneKey> signers, Instant inception, Instant expiration) {
        for (ZoneKey key : signers) {
            try {
                set.addRR(DNSSEC.sign(set, key.dnskey(), key.privateKey(), inception, expiration));
            } catch (DNSSEC.DNSSECException e) {
                throw new IllegalStateException("cannot sign " + set.getName() + "/" + Type.string(set.getType())
                        + " with " + key, e);
            }
        }
    }

    private static NavigableMap<Name, Map<Integer, RRset>> copyOf(NavigableMap<Name, Map<Integer, RRset>> nodes) {
        NavigableMap<Name, Map<Integer, RRset>> copy = new TreeMap<>();
        nodes.forEach((name, sets) -> {
            Map<Integer, RRset> types = new TreeMap<>();
            sets.forEach((type, set) -> types.put(type, new RRset(set)));
            copy.put(name, types);
        });
        return copy;
    }
}
