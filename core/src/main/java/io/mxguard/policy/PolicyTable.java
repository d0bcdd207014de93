package io.mxguard.policy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.xbill.DNS.Name;
import org.xbill.DNS.TextParseException;

/**
 * PolicyTable - per-destination TLS levels, read from a text file in the style of Postfix's
 * {@code smtp_tls_policy_maps}.
 *
 * <pre>
 * # DESTINATION     LEVEL      [match=NAME[:NAME...]]
 * example.com       secure     match=example.com:.example.com
 * .example.net      encrypt            # every domain below example.net, not example.net itself
 * partner.org       verify     match=hostname:mail.partner.org
 * </pre>
 *
 * <p>One destination per line; {@code #} starts a comment; blank lines are ignored. A match name
 * is a domain name, {@code .domain} (any name below it), or one of the keywords {@code hostname}
 * (the MX host), {@code nexthop} (the next-hop domain), {@code dot-nexthop} (any name below the
 * next-hop domain). {@code match=} is accepted only on {@code verify} and {@code secure}.
 *
 * <p>Lookup: an exact entry wins; otherwise the closest enclosing {@code .parent} entry. Immutable
 * and thread-safe once built.
 */
public final class PolicyTable {

    /** Match-name keywords, resolved per route by {@link RoutePlanner}. */
    public static final String MATCH_HOSTNAME = "hostname";
    public static final String MATCH_NEXTHOP = "nexthop";
    public static final String MATCH_DOT_NEXTHOP = "dot-nexthop";

    /** One line of the table: {@code subdomains} when the key was {@code .domain}. */
    public record Entry(Name domain, boolean subdomains, TlsLevel level, List<String> matchNames,
                        String source, int line) {
        public Entry {
            matchNames = List.copyOf(matchNames);
        }

        /** key - the destination as written: "example.com" or ".example.com". */
        public String key() {
            return (subdomains ? "." : "") + domain.toString(true);
        }

        /** where - "tls_policy:12" for the why of a decision. */
        public String where() {
            return source + ":" + line;
        }
    }

    private static final PolicyTable EMPTY = new PolicyTable(Map.of(), Map.of());

    private final Map<Name, Entry> exact;
    private final Map<Name, Entry> below;

    private PolicyTable(Map<Name, Entry> exact, Map<Name, Entry> below) {
        this.exact = Map.copyOf(exact);
        this.below = Map.copyOf(below);
    }

    /** empty - a table with no entries. */
    public static PolicyTable empty() {
        return EMPTY;
    }

    /** load - read and parse a table file (UTF-8). */
    public static PolicyTable load(Path file) throws IOException, PolicyTableException {
        return parse(file.toString(), Files.readAllLines(file, StandardCharsets.UTF_8));
    }

    /** parse - parse table lines; {@code source} names them in errors. The first error is thrown. */
    public static PolicyTable parse(String source, List<String> lines) throws PolicyTableException {
        Map<Name, Entry> exact = new HashMap<>();
        Map<Name, Entry> below = new HashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            Optional<Entry> e = parseLine(source, i + 1, lines.get(i));
            if (e.isEmpty()) {
                continue;
            }
            Entry entry = e.get();
            Entry previous = (entry.subdomains() ? below : exact).putIfAbsent(entry.domain(), entry);
            if (previous != null) {
                throw new PolicyTableException(source, i + 1,
                        "duplicate destination " + entry.key() + " (first at line " + previous.line() + ")");
            }
        }
        return new PolicyTable(exact, below);
    }

    /** lookup - the entry for {@code nextHop}: exact, else the closest enclosing ".parent" entry. */
    public Optional<Entry> lookup(Name nextHop) {
        Entry e = exact.get(nextHop);
        if (e != null) {
            return Optional.of(e);
        }
        for (int skip = 1; skip < nextHop.labels(); skip++) {
            e = below.get(new Name(nextHop, skip));
            if (e != null) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }

    /** size - the number of entries. */
    public int size() {
        return exact.size() + below.size();
    }

    private static Optional<Entry> parseLine(String source, int line, String text) throws PolicyTableException {
        int hash = text.indexOf('#');
        String body = (hash >= 0 ? text.substring(0, hash) : text).strip();
        if (body.isEmpty()) {
            return Optional.empty();
        }
        String[] f = body.split("\\s+");
        if (f.length < 2) {
            throw new PolicyTableException(source, line, "expected \"DESTINATION LEVEL [match=NAME[:NAME...]]\", got \"" + body + "\"");
        }
        boolean subdomains = f[0].startsWith(".");
        Name domain = domainName(source, line, subdomains ? f[0].substring(1) : f[0], "destination");
        TlsLevel level = TlsLevel.parse(f[1]).orElseThrow(() -> new PolicyTableException(source, line,
                "unknown TLS level \"" + f[1] + "\" (expected one of: " + TlsLevel.keywords() + ")"));
        List<String> match = List.of();
        for (int k = 2; k < f.length; k++) {
            String attr = f[k];
            if (!attr.toLowerCase(Locale.ROOT).startsWith("match=")) {
                throw new PolicyTableException(source, line, "unknown attribute \"" + attr + "\" (only match= is supported)");
            }
            if (!match.isEmpty()) {
                throw new PolicyTableException(source, line, "match= given twice");
            }
            if (!level.takesMatchNames()) {
                throw new PolicyTableException(source, line,
                        "match= is not allowed with level " + level + " (only verify and secure take match names)");
            }
            match = matchNames(source, line, attr.substring("match=".length()));
        }
        return Optional.of(new Entry(domain, subdomains, level, match, source, line));
    }

    private static List<String> matchNames(String source, int line, String list) throws PolicyTableException {
        if (list.isEmpty()) {
            throw new PolicyTableException(source, line, "match= needs at least one name");
        }
        List<String> out = new ArrayList<>();
        for (String m : list.split(":", -1)) {
            String lower = m.toLowerCase(Locale.ROOT);
            if (lower.equals(MATCH_HOSTNAME) || lower.equals(MATCH_NEXTHOP) || lower.equals(MATCH_DOT_NEXTHOP)) {
                out.add(lower);
            } else if (m.startsWith(".")) {
                out.add("." + domainName(source, line, m.substring(1), "match name").toString(true));
            } else {
                out.add(domainName(source, line, m, "match name").toString(true));
            }
        }
        return out;
    }

    // RFC 1123 §2.1 host names: letters, digits and hyphens; labels of 1-63 octets, not starting or
    // ending with a hyphen; at most 253 octets in text form. Mail domains need no underscores.
    private static Name domainName(String source, int line, String text, String what) throws PolicyTableException {
        String t = text.endsWith(".") ? text.substring(0, text.length() - 1) : text;
        String problem = hostnameProblem(t);
        if (problem != null) {
            throw new PolicyTableException(source, line, "bad " + what + " \"" + text + "\": " + problem);
        }
        try {
            return Name.fromString(t.toLowerCase(Locale.ROOT), Name.root);
        } catch (TextParseException e) {
            throw new PolicyTableException(source, line, "bad " + what + " \"" + text + "\": " + e.getMessage());
        }
    }

    private static String hostnameProblem(String t) {
        if (t.isEmpty()) {
            return "empty name";
        }
        if (t.length() > 253) {
            return "longer than 253 characters";
        }
        for (String label : t.split("\\.", -1)) {
            if (label.isEmpty()) {
                return "empty label";
            }
            if (label.length() > 63) {
                return "label longer than 63 characters";
            }
            if (label.startsWith("-") || label.endsWith("-")) {
                return "label \"" + label + "\" starts or ends with a hyphen";
            }
            for (int i = 0; i < label.length(); i++) {
                char c = label.charAt(i);
                boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
                if (!ok) {
                    return "character '" + c + "' is not a letter, digit or hyphen";
                }
            }
        }
        return null;
    }
}
