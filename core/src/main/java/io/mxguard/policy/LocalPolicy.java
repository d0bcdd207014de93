package io.mxguard.policy;

import java.util.List;
import java.util.Objects;
import org.xbill.DNS.Name;

/**
 * LocalPolicy - what this site asks for: a default level, a per-destination table, and a local
 * minimum applied last, after DANE (maddy's "local minimum" hook).
 *
 * <p>A table entry replaces the default level for its destination; it never lowers the minimum.
 */
public record LocalPolicy(TlsLevel defaultLevel, TlsLevel minimum, PolicyTable table) {

    public LocalPolicy {
        Objects.requireNonNull(defaultLevel);
        Objects.requireNonNull(minimum);
        Objects.requireNonNull(table);
    }

    /** defaults - opportunistic DANE, no minimum, no table. */
    public static LocalPolicy defaults() {
        return new LocalPolicy(TlsLevel.DANE, TlsLevel.NONE, PolicyTable.empty());
    }

    /** configured - the level asked for {@code nextHop}, before DNS facts and the minimum. */
    public Configured configured(Name nextHop) {
        return table.lookup(nextHop)
                .map(e -> new Configured(e.level(), e.matchNames(), "policy table " + e.where() + " (" + e.key() + ")"))
                .orElseGet(() -> new Configured(defaultLevel, List.of(), "default level"));
    }

    /** Configured - a level, its match names (may be empty: use the level's default) and where it came from. */
    public record Configured(TlsLevel level, List<String> matchNames, String origin) {
        public Configured {
            matchNames = List.copyOf(matchNames);
        }
    }
}
