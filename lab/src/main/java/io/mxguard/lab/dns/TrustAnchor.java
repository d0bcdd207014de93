package io.mxguard.lab.dns;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.xbill.DNS.DNSKEYRecord;
import org.xbill.DNS.DSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.utils.base16;

/**
 * TrustAnchor - the lab root's trust anchor: DS records of the root KSK and the KSK itself, and
 * the two file formats validators read it in.
 */
public record TrustAnchor(Name zone, List<DSRecord> ds, List<DNSKEYRecord> dnskeys) {
    public TrustAnchor {
        ds = List.copyOf(ds);
        dnskeys = List.copyOf(dnskeys);
        if (ds.isEmpty()) {
            throw new IllegalArgumentException("a trust anchor needs at least one DS record");
        }
    }

    /** of - the anchor for a signed zone: SHA-256 DS and DNSKEY of its key-signing keys. */
    public static TrustAnchor of(ZoneKeys keys) {
        return new TrustAnchor(keys.zone(), keys.ds(ZoneKey.DEFAULT_TTL),
                keys.keySigning().stream().map(ZoneKey::dnskey).toList());
    }

    /**
     * zoneFileDs - DS records in zone-file format, as unbound's {@code trust-anchor-file} and
     * mxguard's {@code --trust-anchor} read them: {@code . IN DS 12345 13 2 ABCD...}.
     */
    public String zoneFileDs() {
        StringBuilder out = new StringBuilder();
        for (DSRecord record : ds) {
            out.append(zone).append(" IN DS ").append(dsRdata(record)).append('\n');
        }
        return out.toString();
    }

    /** zoneFileDnskey - the KSK DNSKEY records in zone-file format (also a valid trust-anchor-file). */
    public String zoneFileDnskey() {
        StringBuilder out = new StringBuilder();
        for (DNSKEYRecord key : dnskeys) {
            out.append(zone).append(" IN DNSKEY ").append(dnskeyRdata(key)).append('\n');
        }
        return out.toString();
    }

    /**
     * bindTrustAnchors - a BIND {@code trust-anchors} block with static-ds entries, the format of
     * {@code delv -a FILE}.
     */
    public String bindTrustAnchors() {
        StringBuilder out = new StringBuilder("trust-anchors {\n");
        for (DSRecord record : ds) {
            out.append('\t').append(zone).append(" static-ds ").append(record.getFootprint()).append(' ')
                    .append(record.getAlgorithm()).append(' ').append(record.getDigestID())
                    .append(" \"").append(base16.toString(record.getDigest())).append("\";\n");
        }
        return out.append("};\n").toString();
    }

    /** writeZoneFile - writes {@link #zoneFileDs()} to path. */
    public void writeZoneFile(Path path) throws IOException {
        Files.writeString(path, zoneFileDs(), StandardCharsets.US_ASCII);
    }

    /** writeBind - writes {@link #bindTrustAnchors()} to path. */
    public void writeBind(Path path) throws IOException {
        Files.writeString(path, bindTrustAnchors(), StandardCharsets.US_ASCII);
    }

    private static String dsRdata(DSRecord record) {
        return record.getFootprint() + " " + record.getAlgorithm() + " " + record.getDigestID() + " "
                + base16.toString(record.getDigest());
    }

    private static String dnskeyRdata(DNSKEYRecord key) {
        return key.getFlags() + " " + key.getProtocol() + " " + key.getAlgorithm() + " "
                + Base64.getEncoder().encodeToString(key.getKey());
    }
}
