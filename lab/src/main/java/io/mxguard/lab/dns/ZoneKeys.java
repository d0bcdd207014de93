package io.mxguard.lab.dns;

import java.util.List;
import java.util.stream.Collectors;
import org.xbill.DNS.DSRecord;
import org.xbill.DNS.Name;

/**
 * ZoneKeys - the keys one zone is signed with: a KSK and a ZSK, or a single CSK, or any mix.
 *
 * <p>Immutable. Keys whose role signs keys (KSK, CSK) sign the DNSKEY RRset; keys whose role
 * signs data (ZSK, CSK) sign every other authoritative RRset.
 */
public record ZoneKeys(Name zone, List<ZoneKey> keys) {
    public ZoneKeys {
        keys = List.copyOf(keys);
        if (keys.stream().noneMatch(k -> k.role().signsKeys()) || keys.stream().noneMatch(k -> k.role().signsData())) {
            throw new IllegalArgumentException(zone + ": keys must include a KSK and a ZSK, or a CSK: " + keys);
        }
        for (ZoneKey key : keys) {
            if (!key.zone().equals(zone)) {
                throw new IllegalArgumentException(key + " does not belong to zone " + zone);
            }
        }
    }

    /** kskZsk - generates a KSK (flags 257) and a ZSK (flags 256) with one algorithm. */
    public static ZoneKeys kskZsk(Name zone, KeyAlgorithm algorithm) {
        return new ZoneKeys(zone, List.of(ZoneKey.generate(zone, algorithm, ZoneKey.Role.KSK),
                ZoneKey.generate(zone, algorithm, ZoneKey.Role.ZSK)));
    }

    /** csk - generates one combined signing key (flags 257) that signs everything. */
    public static ZoneKeys csk(Name zone, KeyAlgorithm algorithm) {
        return new ZoneKeys(zone, List.of(ZoneKey.generate(zone, algorithm, ZoneKey.Role.CSK)));
    }

    /** keySigning - the keys that sign the DNSKEY RRset and that DS records point at. */
    public List<ZoneKey> keySigning() {
        return keys.stream().filter(k -> k.role().signsKeys()).collect(Collectors.toUnmodifiableList());
    }

    /** dataSigning - the keys that sign all RRsets other than DNSKEY. */
    public List<ZoneKey> dataSigning() {
        return keys.stream().filter(k -> k.role().signsData()).collect(Collectors.toUnmodifiableList());
    }

    /** ds - SHA-256 DS records for the parent, one per key-signing key (RFC 4034 §5, RFC 4509). */
    public List<DSRecord> ds(long ttl) {
        return keySigning().stream().map(k -> k.ds(ttl)).collect(Collectors.toUnmodifiableList());
    }
}
