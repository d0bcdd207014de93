package io.mxguard.relay;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * KeyLines - where each key (and each list item) of a YAML document is: {@code "retry.maxBackoff"}
 * and {@code "clients.networks[1]"} to their line numbers, so a value found bad after binding can
 * still be reported at its line.
 */
final class KeyLines {
    private final Map<String, Integer> lines;

    private KeyLines(Map<String, Integer> lines) {
        this.lines = lines;
    }

    static KeyLines of(YAMLFactory factory, String yaml) throws IOException {
        Map<String, Integer> lines = new HashMap<>();
        try (JsonParser p = factory.createParser(yaml)) {
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                JsonStreamContext ctx = p.getParsingContext();
                if (t == JsonToken.FIELD_NAME || (t.isScalarValue() && ctx.inArray())
                        || ((t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) && ctx.getParent() != null
                        && ctx.getParent().inArray())) {
                    JsonStreamContext at = (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) ? ctx.getParent() : ctx;
                    lines.putIfAbsent(key(at), p.currentTokenLocation().getLineNr());
                }
            }
        }
        return new KeyLines(lines);
    }

    /** line - the line of {@code key}, if the document has it. */
    Optional<Integer> line(String key) {
        return Optional.ofNullable(lines.get(key));
    }

    /** key - "a.b[2].c" for the parser's current position. */
    static String key(JsonStreamContext ctx) {
        List<String> parts = new ArrayList<>();
        for (JsonStreamContext c = ctx; c != null && !c.inRoot(); c = c.getParent()) {
            parts.add(0, c.inArray() ? "[" + c.getCurrentIndex() + "]" : c.getCurrentName() == null ? "" : c.getCurrentName());
        }
        StringBuilder b = new StringBuilder();
        for (String part : parts) {
            if (!part.startsWith("[") && b.length() > 0) {
                b.append('.');
            }
            b.append(part);
        }
        return b.toString();
    }
}
