package io.mxguard.lab.dns;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.xbill.DNS.RRset;
import org.xbill.DNS.Type;

/**
 * ZoneText - a {@link ServedZone} in master-file format (RFC 1035 §5), one record per line, SOA
 * first, RRSIGs after the RRset they cover, NSEC3 records last. Readable by ldns, BIND, unbound
 * and dnsjava's Master.
 */
public final class ZoneText {
    private ZoneText() {}

    /** format - the zone as master-file text. */
    public static String format(ServedZone zone) {
        StringBuilder out = new StringBuilder();
        out.append("$ORIGIN ").append(zone.origin()).append('\n');
        zone.rrset(zone.origin(), Type.SOA).ifPresent(soa -> append(out, soa));
        for (Map.Entry<org.xbill.DNS.Name, Map<Integer, RRset>> node : zone.nodes().entrySet()) {
            for (RRset set : node.getValue().values()) {
                if (!(set.getType() == Type.SOA && node.getKey().equals(zone.origin()))) {
                    append(out, set);
                }
            }
        }
        zone.nsec3Chain().values().forEach(set -> append(out, set));
        return out.toString();
    }

    /** write - the zone as a master file at path. */
    public static void write(ServedZone zone, Path path) throws IOException {
        Files.writeString(path, format(zone), StandardCharsets.US_ASCII);
    }

    private static void append(StringBuilder out, RRset set) {
        set.rrs(false).forEach(record -> out.append(record).append('\n'));
        set.sigs().forEach(sig -> out.append(sig).append('\n'));
    }
}
