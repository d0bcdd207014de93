package io.mxguard.lab.dns;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.DSRecord;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.RRset;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.TLSARecord;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * ZoneBuilder - fluent, unsigned zone content: SOA, apex NS, data records, delegations with glue
 * and DS.
 *
 * <p>Names are strings relative to the origin ({@code "mx"}, {@code "_25._tcp.mx"}), {@code "@"}
 * for the apex, or absolute when they end with a dot. Not thread-safe; {@link #build()} takes a
 * snapshot, so a builder can be extended and built again (the lab adds TLSA records once Bob's
 * certificate exists).
 */
public final class ZoneBuilder {
    /** Default TTL of records added without one: one hour. */
    public static final long DEFAULT_TTL = 3600;

    private final Name origin;
    private final Map<Name, Map<Integer, RRset>> nodes = new LinkedHashMap<>();
    private long ttl = DEFAULT_TTL;
    private SOARecord soa;

    private ZoneBuilder(Name origin) {
        if (!origin.isAbsolute()) {
            throw new IllegalArgumentException("zone origin must be absolute: " + origin);
        }
        this.origin = origin;
    }

    /** zone - a builder for the zone at origin ({@code "."}, {@code "com."}, {@code "destination.com."}). */
    public static ZoneBuilder zone(String origin) {
        return new ZoneBuilder(absolute(origin, Name.root));
    }

    public static ZoneBuilder zone(Name origin) {
        return new ZoneBuilder(origin);
    }

    public Name origin() {
        return origin;
    }

    /** name - resolves a builder-style name against the origin. */
    public Name name(String name) {
        return "@".equals(name) ? origin : absolute(name, origin);
    }

    /** ttl - the TTL of records added from now on. */
    public ZoneBuilder ttl(long seconds) {
        this.ttl = seconds;
        return this;
    }

    /** soa - sets the SOA; without a call, build() makes one from the first apex NS. */
    public ZoneBuilder soa(String mname, String rname, long serial, long minimum) {
        this.soa = new SOARecord(origin, DClass.IN, ttl, name(mname), name(rname), serial, 7200, 3600, 1209600, minimum);
        return this;
    }

    /** ns - an apex NS record; when glue addresses are given and host is in the zone, its A/AAAA too. */
    public ZoneBuilder ns(String host, InetAddress... addresses) {
        Name target = name(host);
        record(new NSRecord(origin, DClass.IN, ttl, target));
        for (InetAddress address : addresses) {
            address(target, address);
        }
        return this;
    }

    public ZoneBuilder a(String name, InetAddress address) {
        if (!(address instanceof Inet4Address)) {
            throw new IllegalArgumentException("A record needs an IPv4 address: " + address);
        }
        return record(new ARecord(name(name), DClass.IN, ttl, address));
    }

    public ZoneBuilder aaaa(String name, InetAddress address) {
        return record(new AAAARecord(name(name), DClass.IN, ttl, address));
    }

    /** address - an A or AAAA record, whichever fits the address. */
    public ZoneBuilder address(String name, InetAddress address) {
        return address(name(name), address);
    }

    /** mx - an MX record at the apex. */
    public ZoneBuilder mx(int preference, String host) {
        return mx("@", preference, host);
    }

    public ZoneBuilder mx(String name, int preference, String host) {
        return record(new MXRecord(name(name), DClass.IN, ttl, preference, name(host)));
    }

    public ZoneBuilder txt(String name, String... strings) {
        return record(new TXTRecord(name(name), DClass.IN, ttl, Arrays.asList(strings)));
    }

    /** tlsa - a TLSA record (RFC 6698), for example {@code tlsa("_25._tcp.mx", 3, 1, 1, sha256OfSpki)}. */
    public ZoneBuilder tlsa(String name, int usage, int selector, int matchingType, byte[] data) {
        return record(new TLSARecord(name(name), DClass.IN, ttl, usage, selector, matchingType, data));
    }

    public ZoneBuilder cname(String name, String target) {
        return record(new CNAMERecord(name(name), DClass.IN, ttl, name(target)));
    }

    /**
     * delegate - a zone cut at child: an NS record to nsHost, and glue for nsHost when addresses are
     * given (needed when nsHost lies at or below the cut, RFC 1034 §4.2.1).
     */
    public ZoneBuilder delegate(String child, String nsHost, InetAddress... glue) {
        Name cut = name(child);
        if (cut.equals(origin)) {
            throw new IllegalArgumentException("cannot delegate the apex of " + origin);
        }
        Name host = name(nsHost);
        record(new NSRecord(cut, DClass.IN, ttl, host));
        for (InetAddress address : glue) {
            address(host, address);
        }
        return this;
    }

    /** ds - DS records at a delegation, re-owned at child (the child's KSK digests, signed by us). */
    public ZoneBuilder ds(String child, Iterable<DSRecord> records) {
        Name cut = name(child);
        for (DSRecord ds : records) {
            record(new DSRecord(cut, DClass.IN, ttl, ds.getFootprint(), ds.getAlgorithm(), ds.getDigestID(), ds.getDigest()));
        }
        return this;
    }

    /** record - adds any record; the owner must be in the zone. An SOA replaces the current one. */
    public ZoneBuilder record(org.xbill.DNS.Record record) {
        Name owner = record.getName();
        if (!owner.subdomain(origin)) {
            throw new IllegalArgumentException(owner + " is outside zone " + origin);
        }
        if (record instanceof SOARecord) {
            if (!owner.equals(origin)) {
                throw new IllegalArgumentException("SOA must be at the apex of " + origin);
            }
            soa = (SOARecord) record;
            return this;
        }
        if (record.getType() == Type.RRSIG || record.getType() == Type.NSEC || record.getType() == Type.NSEC3
                || record.getType() == Type.DNSKEY || record.getType() == Type.NSEC3PARAM) {
            throw new IllegalArgumentException("DNSSEC records are made by ZoneSigner, not added: " + record);
        }
        Map<Integer, RRset> node = nodes.computeIfAbsent(owner, n -> new LinkedHashMap<>());
        RRset set = node.computeIfAbsent(record.getType(), t -> new RRset());
        set.addRR(record);
        return this;
    }

    /** build - snapshot of the zone; fails when the apex lacks NS or a CNAME shares its owner. */
    public Zone build() {
        NavigableMap<Name, Map<Integer, RRset>> snapshot = new TreeMap<>();
        nodes.forEach((name, sets) -> {
            Map<Integer, RRset> copy = new TreeMap<>();
            sets.forEach((type, set) -> copy.put(type, new RRset(set)));
            snapshot.put(name, copy);
        });
        Map<Integer, RRset> apex = snapshot.computeIfAbsent(origin, n -> new TreeMap<>());
        if (!apex.containsKey(Type.NS)) {
            throw new IllegalStateException(origin + " has no apex NS record");
        }
        apex.put(Type.SOA, new RRset(soa != null ? soa : defaultSoa((NSRecord) apex.get(Type.NS).first())));
        snapshot.forEach((name, sets) -> {
            // RFC 1034 §3.6.2: a CNAME owner has no other data (DNSSEC records aside).
            if (sets.containsKey(Type.CNAME) && sets.size() > 1) {
                throw new IllegalStateException(name + " has a CNAME and other data: " + sets.keySet());
            }
        });
        return new Zone(origin, snapshot);
    }

    private SOARecord defaultSoa(NSRecord ns) {
        Name rname = absolute("hostmaster", origin);
        return new SOARecord(origin, DClass.IN, ttl, ns.getTarget(), rname, 1, 7200, 3600, 1209600, 300);
    }

    private ZoneBuilder address(Name name, InetAddress address) {
        return record(address instanceof Inet4Address
                ? new ARecord(name, DClass.IN, ttl, address)
                : new AAAARecord(name, DClass.IN, ttl, address));
    }

    private static Name absolute(String name, Name base) {
        try {
            return Name.fromString(name, base);
        } catch (TextParseException e) {
            throw new IllegalArgumentException("bad DNS name: " + name, e);
        }
    }
}
