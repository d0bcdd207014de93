package io.mxguard.dns;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.MalformedInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Master;
import org.xbill.DNS.Name;
import org.xbill.DNS.RRset;
import org.xbill.DNS.Type;
import org.xbill.DNS.dnssec.TrustAnchorStore;

/**
 * TrustAnchors - the DS or DNSKEY records from which all of our DNSSEC validation starts.
 *
 * <p>Either the IANA root anchors built in ({@link #ianaRoot()}: KSK-2017 tag 20326 and KSK-2024 tag
 * 38696, the same DS records as Debian's {@code dns-root-data} {@code root.ds}) or a file in
 * zone-file format like unbound's {@code trust-anchor-file}: comments, {@code $TTL}, {@code $ORIGIN},
 * parentheses across lines, several anchors and owners. Anything else in the file is an error with
 * its line number ({@link TrustAnchorException}); an anchor file is a security decision, so we never
 * skip what we do not understand. Immutable and thread-safe.
 */
public final class TrustAnchors {

    /** The built-in IANA root anchors as a zone-file text. */
    static final String IANA_ROOT_DS = String.join("\n",
            "; IANA root trust anchors (KSK-2017, KSK-2024), as in Debian's dns-root-data root.ds",
            ". IN DS 20326 8 2 E06D44B80B8F1D39A95C0B0D7C65D08458E880409BBC683457104237C7F8EC8D",
            ". IN DS 38696 8 2 683D2D0ACB8C9B712A1948B27F741219298D0A450D612C483AF444A4C0FB2B16",
            "");

    /** Bound every byte we read: a trust-anchor file is a few records, not a zone. */
    private static final long MAX_FILE_BYTES = 1 << 20;

    private final String source;
    private final List<org.xbill.DNS.Record> records;

    private TrustAnchors(String source, List<org.xbill.DNS.Record> records) {
        this.source = source;
        this.records = List.copyOf(records);
    }

    /** ianaRoot - the built-in IANA root anchors. */
    public static TrustAnchors ianaRoot() {
        try {
            return parse(IANA_ROOT_DS, "built-in IANA root anchors");
        } catch (TrustAnchorException e) {
            throw new IllegalStateException("built-in anchors do not parse: " + e.getMessage(), e);
        }
    }

    /** load - read DS/DNSKEY anchors from a zone-format file, as unbound's trust-anchor-file. */
    public static TrustAnchors load(Path file) throws TrustAnchorException {
        String label = file.toString();
        String text;
        try {
            if (Files.size(file) > MAX_FILE_BYTES) {
                throw new TrustAnchorException(label, 0, "file is larger than " + MAX_FILE_BYTES + " bytes");
            }
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (MalformedInputException e) {
            throw new TrustAnchorException(label, 0, "not a text file (invalid UTF-8)");
        } catch (IOException e) {
            throw new TrustAnchorException(label, 0, "cannot read file: " + describe(e));
        }
        return parse(text, label);
    }

    /** parse - read DS/DNSKEY anchors from zone-format text; {@code source} names it in errors. */
    public static TrustAnchors parse(String text, String source) throws TrustAnchorException {
        List<org.xbill.DNS.Record> found = new ArrayList<>();
        Name origin = Name.root;
        Long ttl = null;
        String lastOwner = null;
        for (LogicalLine line : LogicalLine.split(text, source)) {
            String body = line.text();
            if (body.startsWith("$")) {
                String[] words = body.split("\\s+");
                String directive = words[0].toUpperCase();
                if (words.length != 2 || !(directive.equals("$TTL") || directive.equals("$ORIGIN"))) {
                    throw new TrustAnchorException(source, line.number(),
                            "unsupported directive '" + body + "' (only $TTL and $ORIGIN)");
                }
                if (directive.equals("$TTL")) {
                    ttl = parseTtl(words[1], source, line.number());
                } else {
                    origin = parseOrigin(words[1], source, line.number());
                }
                continue;
            }
            if (line.continuesOwner()) {
                if (lastOwner == null) {
                    throw new TrustAnchorException(source, line.number(), "record without an owner name");
                }
                body = lastOwner + " " + body;
            }
            org.xbill.DNS.Record r = parseRecord(body, origin, ttl, source, line.number());
            if (r.getType() != Type.DS && r.getType() != Type.DNSKEY) {
                throw new TrustAnchorException(source, line.number(),
                        "expected DS or DNSKEY record, found " + Type.string(r.getType()));
            }
            if (r.getDClass() != DClass.IN) {
                throw new TrustAnchorException(source, line.number(),
                        "expected class IN, found " + DClass.string(r.getDClass()));
            }
            lastOwner = r.getName().toString();
            found.add(r);
        }
        if (found.isEmpty()) {
            throw new TrustAnchorException(source, 0, "no DS or DNSKEY records (empty trust-anchor file)");
        }
        return new TrustAnchors(source, found);
    }

    /** The anchor records in file order. */
    public List<org.xbill.DNS.Record> records() {
        return records;
    }

    /** Where these anchors came from, for messages. */
    public String source() {
        return source;
    }

    /** The owner names of the anchors (the root, for the IANA and lab anchors). */
    public Set<Name> owners() {
        Set<Name> owners = new TreeSet<>();
        records.forEach(r -> owners.add(r.getName()));
        return Collections.unmodifiableSet(owners);
    }

    /** installInto - replace the contents of a dnsjava anchor store with these anchors, one RRset per owner and type. */
    void installInto(TrustAnchorStore store) {
        store.clear();
        List<org.xbill.DNS.Record> sorted = new ArrayList<>(records);
        Collections.sort(sorted);
        RRset current = null;
        for (org.xbill.DNS.Record r : sorted) {
            if (current != null && (!current.getName().equals(r.getName()) || current.getType() != r.getType())) {
                store.store(current);
                current = null;
            }
            if (current == null) {
                current = new RRset();
            }
            current.addRR(r);
        }
        if (current != null) {
            store.store(current);
        }
    }

    @Override
    public String toString() {
        return source + " (" + records.size() + " anchors for " + owners() + ")";
    }

    private static org.xbill.DNS.Record parseRecord(String body, Name origin, Long ttl, String source, int number)
            throws TrustAnchorException {
        // Each logical record goes through dnsjava's own zone-file parser, with our $ORIGIN/$TTL in force.
        String text = (ttl != null ? "$TTL " + ttl + "\n" : "") + body + "\n";
        try (Master master = new Master(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), origin,
                ttl != null ? ttl : 3600)) {
            master.disableIncludes();
            org.xbill.DNS.Record r = master.nextRecord();
            if (r == null) {
                throw new TrustAnchorException(source, number, "no record found in '" + body + "'");
            }
            if (master.nextRecord() != null) {
                throw new TrustAnchorException(source, number, "more than one record in '" + body + "'");
            }
            return r;
        } catch (IOException | RuntimeException e) {
            throw new TrustAnchorException(source, number, "cannot parse record: " + describe(e));
        }
    }

    private static long parseTtl(String word, String source, int number) throws TrustAnchorException {
        try {
            return org.xbill.DNS.TTL.parseTTL(word);
        } catch (NumberFormatException e) {
            throw new TrustAnchorException(source, number, "bad $TTL '" + word + "'");
        }
    }

    private static Name parseOrigin(String word, String source, int number) throws TrustAnchorException {
        try {
            return Name.fromString(word, Name.root);
        } catch (IOException e) {
            throw new TrustAnchorException(source, number, "bad $ORIGIN '" + word + "'");
        }
    }

    private static String describe(Exception e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        // dnsjava's tokenizer prefixes "<file>:<line>: "; our caller adds the real file and line.
        return m.replaceFirst("^[^:]*:\\d+: ", "");
    }

    /** LogicalLine - one record or directive of a zone file, joined across parentheses, comments removed. */
    record LogicalLine(int number, String text, boolean continuesOwner) {

        static List<LogicalLine> split(String text, String source) throws TrustAnchorException {
            List<LogicalLine> out = new ArrayList<>();
            String[] lines = text.split("\r?\n", -1);
            StringBuilder pending = null;
            int start = 0;
            boolean startsBlank = false;
            int depth = 0;
            for (int i = 0; i < lines.length; i++) {
                String raw = stripComment(lines[i]);
                if (pending == null) {
                    if (raw.isBlank()) {
                        continue;
                    }
                    pending = new StringBuilder();
                    start = i + 1;
                    startsBlank = Character.isWhitespace(raw.charAt(0));
                }
                for (char c : raw.toCharArray()) {
                    if (c == '(') {
                        depth++;
                    } else if (c == ')') {
                        depth--;
                        if (depth < 0) {
                            throw new TrustAnchorException(source, i + 1, "')' without '('");
                        }
                    }
                }
                pending.append(' ').append(raw.replace('(', ' ').replace(')', ' '));
                if (depth == 0) {
                    out.add(new LogicalLine(start, pending.toString().trim(), startsBlank));
                    pending = null;
                }
            }
            if (pending != null) {
                throw new TrustAnchorException(source, start, "'(' is never closed");
            }
            return out;
        }

        private static String stripComment(String line) {
            boolean quoted = false;
            for (int i = 0; i < line.length(); i++) {
                char c = line.charAt(i);
                if (c == '"') {
                    quoted = !quoted;
                } else if (c == ';' && !quoted) {
                    return line.substring(0, i);
                }
            }
            return line;
        }
    }
}
