package io.mxguard.lab.dns;

import java.security.KeyPair;
import java.security.PrivateKey;
import java.util.Objects;
import org.xbill.DNS.DClass;
import org.xbill.DNS.DNSKEYRecord;
import org.xbill.DNS.DNSSEC;
import org.xbill.DNS.DSRecord;
import org.xbill.DNS.Name;

/**
 * ZoneKey - one DNSSEC key of a zone: its public DNSKEY record, its private key and its role.
 *
 * <p>Immutable. A KSK and a CSK carry the SEP flag (DNSKEY flags 257); a ZSK does not (256).
 */
public final class ZoneKey {
    /** Role - what the key signs: the DNSKEY RRset (KSK), the rest (ZSK), or both (CSK). */
    public enum Role {
        KSK, ZSK, CSK;

        /** flags - the DNSKEY flags field: ZONE (256), plus SEP (1) for KSK and CSK (RFC 4034 §2.1.1). */
        public int flags() {
            return this == ZSK ? DNSKEYRecord.Flags.ZONE_KEY : DNSKEYRecord.Flags.ZONE_KEY | DNSKEYRecord.Flags.SEP_KEY;
        }

        boolean signsKeys() {
            return this != ZSK;
        }

        boolean signsData() {
            return this != KSK;
        }
    }

    /** DNSKEY TTL used by {@link #generate}: one hour. */
    public static final long DEFAULT_TTL = 3600;

    private final Name zone;
    private final Role role;
    private final KeyAlgorithm algorithm;
    private final DNSKEYRecord dnskey;
    private final PrivateKey privateKey;

    private ZoneKey(Name zone, Role role, KeyAlgorithm algorithm, DNSKEYRecord dnskey, PrivateKey privateKey) {
        this.zone = zone;
        this.role = role;
        this.algorithm = algorithm;
        this.dnskey = dnskey;
        this.privateKey = privateKey;
    }

    /** generate - a fresh key for zone with the given algorithm and role. */
    public static ZoneKey generate(Name zone, KeyAlgorithm algorithm, Role role) {
        return of(zone, algorithm, role, algorithm.generator().generateKeyPair());
    }

    /** of - wraps an existing key pair (for example one loaded from disk) as a zone key. */
    public static ZoneKey of(Name zone, KeyAlgorithm algorithm, Role role, KeyPair pair) {
        Objects.requireNonNull(zone, "zone");
        try {
            DNSKEYRecord dnskey = new DNSKEYRecord(zone, DClass.IN, DEFAULT_TTL, role.flags(),
                    DNSKEYRecord.Protocol.DNSSEC, algorithm.number(), pair.getPublic());
            return new ZoneKey(zone, role, algorithm, dnskey, pair.getPrivate());
        } catch (DNSSEC.DNSSECException e) {
            throw new IllegalArgumentException("cannot encode " + algorithm + " public key for " + zone, e);
        }
    }

    public Name zone() {
        return zone;
    }

    public Role role() {
        return role;
    }

    public KeyAlgorithm algorithm() {
        return algorithm;
    }

    public DNSKEYRecord dnskey() {
        return dnskey;
    }

    PrivateKey privateKey() {
        return privateKey;
    }

    /** keyTag - the key tag (RFC 4034 Appendix B) that RRSIG and DS records refer to. */
    public int keyTag() {
        return dnskey.getFootprint();
    }

    /** ds - the SHA-256 DS record (RFC 4509) the parent publishes for this key, with the given TTL. */
    public DSRecord ds(long ttl) {
        return new DSRecord(zone, DClass.IN, ttl, DNSSEC.Digest.SHA256, dnskey);
    }

    @Override
    public String toString() {
        return "ZoneKey[" + zone + " " + role + " " + algorithm + " tag " + keyTag() + "]";
    }
}
