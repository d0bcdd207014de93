package io.mxguard.lab.dns;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import org.xbill.DNS.Name;

/**
 * LabZones - the seed's DNS tree (DESIGN §4), keyed and ready to sign.
 *
 * <pre>
 * .                 ECDSA P-256 KSK+ZSK   NS a.root-servers.net; delegates com., net. (DS)
 * com.              RSA/SHA-256 CSK       delegates destination.com., source.com. (DS),
 *                                         unsigned.com. (no DS: proven insecure by NSEC)
 * net.              ECDSA KSK+ZSK         a.root-servers.net A; delegates attacker.net. (DS)
 * destination.com.  ECDSA KSK+ZSK         MX 10 mx; mx A bobMx; mta-sts A mtaSts; TLSA when given
 * source.com.       ECDSA KSK+ZSK         MX 10 smtp; smtp A aliceSmtp
 * attacker.net.     ECDSA KSK+ZSK         MX 10 mx; mx A attackerMx
 * unsigned.com.     unsigned              MX 10 mx; mx A unsignedMx
 * </pre>
 *
 * {@link #seedUnsignedDestination} is the same tree with {@code destination.com.} unsigned: no keys,
 * no DS in {@code com.}, whose signed NSEC at the cut proves the delegation insecure (RFC 4035
 * §5.2) — the lab's "Bob's zone is not signed" case, where DNSSEC (and so DANE) cannot help.
 *
 * Every zone's NS is {@code ns1.ZONE} (the root's is {@code a.root-servers.net}) with glue at the
 * lab name server, so an iterative resolver given {@link LabDns#rootHints()} walks the tree.
 * Keys are made once, in {@link #seed}; {@link #sign} may be called again (with another clock,
 * after adding records through {@link #zone}) and keeps the same keys and trust anchor. Not
 * thread-safe while being edited.
 */
public final class LabZones {
    public static final Name ROOT = Name.root;
    public static final Name COM = Name.fromConstantString("com.");
    public static final Name NET = Name.fromConstantString("net.");
    public static final Name DESTINATION = Name.fromConstantString("destination.com.");
    public static final Name SOURCE = Name.fromConstantString("source.com.");
    public static final Name ATTACKER = Name.fromConstantString("attacker.net.");
    public static final Name UNSIGNED = Name.fromConstantString("unsigned.com.");
    /** The root's name server; its address record lives in net. and as glue in the root. */
    public static final Name ROOT_SERVER = Name.fromConstantString("a.root-servers.net.");

    private static final long DS_TTL = 3600;

    private final LabAddresses addresses;
    private final int smtpPort;
    private final Map<Name, ZoneBuilder> builders = new LinkedHashMap<>();
    private final Map<Name, ZoneKeys> keys = new LinkedHashMap<>();
    private final Map<Name, SigningOptions> options = new LinkedHashMap<>();

    private LabZones(LabAddresses addresses, int smtpPort) {
        if (smtpPort < 1 || smtpPort > 65535) {
            throw new IllegalArgumentException("SMTP port out of range: " + smtpPort);
        }
        this.addresses = addresses;
        this.smtpPort = smtpPort;
    }

    /** seed - the seed's zones with fresh keys; smtpPort names the TLSA owners ({@code _PORT._tcp.HOST}). */
    public static LabZones seed(LabAddresses addresses, int smtpPort) {
        return seed(addresses, smtpPort, true);
    }

    /**
     * seedUnsignedDestination - the seed's zones, but {@code destination.com.} unsigned and its
     * delegation proven insecure by {@code com.}'s NSEC; TLSA added to it is served unsigned.
     */
    public static LabZones seedUnsignedDestination(LabAddresses addresses, int smtpPort) {
        return seed(addresses, smtpPort, false);
    }

    private static LabZones seed(LabAddresses addresses, int smtpPort, boolean signDestination) {
        LabZones lab = new LabZones(addresses, smtpPort);
        lab.keys.put(ROOT, ZoneKeys.kskZsk(ROOT, KeyAlgorithm.ECDSAP256SHA256));
        // One RSA key, not two: 2048-bit RSA generation costs 100-300 ms each, ECDSA about 1 ms.
        lab.keys.put(COM, ZoneKeys.csk(COM, KeyAlgorithm.RSASHA256));
        lab.keys.put(NET, ZoneKeys.kskZsk(NET, KeyAlgorithm.ECDSAP256SHA256));
        if (signDestination) {
            lab.keys.put(DESTINATION, ZoneKeys.kskZsk(DESTINATION, KeyAlgorithm.ECDSAP256SHA256));
        }
        lab.keys.put(SOURCE, ZoneKeys.kskZsk(SOURCE, KeyAlgorithm.ECDSAP256SHA256));
        lab.keys.put(ATTACKER, ZoneKeys.kskZsk(ATTACKER, KeyAlgorithm.ECDSAP256SHA256));
        lab.populate();
        return lab;
    }

    private void populate() {
        var ns = addresses.nameServer();
        zoneAt(ROOT, ROOT_SERVER.toString(), ns);
        zoneAt(COM, "ns1.com.", ns);
        zoneAt(NET, "ns1.net.", ns);
        zoneAt(DESTINATION, "ns1.destination.com.", ns);
        zoneAt(SOURCE, "ns1.source.com.", ns);
        zoneAt(ATTACKER, "ns1.attacker.net.", ns);
        zoneAt(UNSIGNED, "ns1.unsigned.com.", ns);

        delegate(ROOT, COM);
        delegate(ROOT, NET);
        delegate(COM, DESTINATION);
        delegate(COM, SOURCE);
        delegate(COM, UNSIGNED);
        delegate(NET, ATTACKER);
        zone(NET).address(ROOT_SERVER.toString(), ns);

        zone(DESTINATION).mx(10, "mx").address("mx", addresses.bobMx()).address("mta-sts", addresses.mtaSts());
        zone(SOURCE).mx(10, "smtp").address("smtp", addresses.aliceSmtp());
        zone(ATTACKER).mx(10, "mx").address("mx", addresses.attackerMx());
        zone(UNSIGNED).mx(10, "mx").address("mx", addresses.unsignedMx());
    }

    private void zoneAt(Name origin, String nsHost, java.net.InetAddress address) {
        // In-zone name server with its address; in the root that address is glue below net.
        builders.put(origin, ZoneBuilder.zone(origin).ns(nsHost, address));
    }

    private void delegate(Name parent, Name child) {
        String nsHost = "ns1." + child;
        ZoneBuilder builder = zone(parent).delegate(child.toString(), nsHost, addresses.nameServer());
        keys(child).ifPresent(childKeys -> builder.ds(child.toString(), childKeys.ds(DS_TTL)));
    }

    /** zone - the builder of one zone, to add records (TXT, TLSA, ...) before {@link #sign}. */
    public ZoneBuilder zone(Name origin) {
        ZoneBuilder builder = builders.get(origin);
        if (builder == null) {
            throw new NoSuchElementException("no lab zone " + origin);
        }
        return builder;
    }

    /** zones - the origins of all lab zones, parents before children. */
    public List<Name> zones() {
        return List.copyOf(builders.keySet());
    }

    /** keys - the signing keys of a zone; empty for an unsigned zone. */
    public Optional<ZoneKeys> keys(Name origin) {
        return Optional.ofNullable(keys.get(origin));
    }

    /** options - sets how one zone is signed (denial method, validity). */
    public LabZones options(Name origin, SigningOptions signing) {
        zone(origin);
        options.put(origin, signing);
        return this;
    }

    /** useNsec3 - signs these zones with NSEC3 (RFC 9276 defaults) instead of NSEC. */
    public LabZones useNsec3(Name... origins) {
        for (Name origin : origins) {
            options(origin, optionsFor(origin).withNsec3());
        }
        return this;
    }

    public LabAddresses addresses() {
        return addresses;
    }

    public int smtpPort() {
        return smtpPort;
    }

    /** bobMxHost - {@code mx.destination.com.}, Bob's MX host. */
    public Name bobMxHost() {
        return zone(DESTINATION).name("mx");
    }

    /** tlsaName - {@code _PORT._tcp.HOST}, the TLSA owner for an MX host (RFC 7672 §2.2). */
    public Name tlsaName(Name host) {
        try {
            return Name.fromString("_" + smtpPort + "._tcp", host);
        } catch (org.xbill.DNS.TextParseException e) {
            throw new IllegalArgumentException("TLSA name too long for " + host, e);
        }
    }

    /** bobTlsa - publishes a TLSA record for Bob's MX, e.g. {@code 3 1 1 sha256(SPKI)} (DANE-EE). */
    public LabZones bobTlsa(int usage, int selector, int matchingType, byte[] data) {
        zone(DESTINATION).tlsa(tlsaName(bobMxHost()).toString(), usage, selector, matchingType, data);
        return this;
    }

    /** sign - builds and signs every zone with the given clock; unsigned zones stay unsigned. */
    public LabDns sign(Clock clock) {
        ZoneSigner signer = new ZoneSigner(clock);
        List<ServedZone> served = new ArrayList<>();
        builders.forEach((origin, builder) -> {
            Zone zone = builder.build();
            ZoneKeys zoneKeys = keys.get(origin);
            served.add(zoneKeys == null ? zone.unsigned() : signer.sign(zone, zoneKeys, optionsFor(origin)));
        });
        return new LabDns(served, TrustAnchor.of(keys.get(ROOT)), ROOT_SERVER, addresses.nameServer());
    }

    private SigningOptions optionsFor(Name origin) {
        return options.getOrDefault(origin, SigningOptions.DEFAULT);
    }
}
