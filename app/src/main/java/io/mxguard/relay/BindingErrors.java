package io.mxguard.relay;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import java.util.List;

/**
 * BindingErrors - what Jackson found wrong while binding the relay's YAML file to {@link RelaySettings},
 * said for a mail admin: the file, the line, the key path ({@code retry.maxBackoff},
 * {@code clients.networks[1]}) and what was expected there, with a guess for a misspelt key. Pure.
 */
final class BindingErrors {
    private BindingErrors() {
    }

    /** describe - Jackson's exception as "FILE:LINE: KEY: what is wrong". */
    static String describe(String file, JsonProcessingException e) {
        JsonLocation at = e.getLocation();
        String where = file + (at == null || at.getLineNr() < 1 ? "" : ":" + at.getLineNr());
        if (e instanceof UnrecognizedPropertyException u) {
            String key = path(u, u.getPropertyName());
            List<String> known = u.getKnownPropertyIds() == null ? List.of()
                    : u.getKnownPropertyIds().stream().map(String::valueOf).sorted().toList();
            String guess = ConfigValues.didYouMean(u.getPropertyName(), known);
            return where + ": unknown key '" + key + "'" + (guess != null ? " (did you mean '" + guess + "'?)"
                    : known.isEmpty() ? "" : " (known here: " + String.join(", ", known) + ")");
        }
        if (e instanceof InvalidFormatException f) {
            return where + ": " + path(f, null) + ": '" + f.getValue() + "' is not " + expected(f.getTargetType());
        }
        if (e instanceof MismatchedInputException m) {
            return where + ": " + path(m, null) + ": expected " + expected(m.getTargetType());
        }
        if (e instanceof JsonMappingException m) {
            return where + ": " + path(m, null) + ": " + m.getOriginalMessage();
        }
        return where + ": not valid YAML: " + firstLines(e.getOriginalMessage());
    }

    // SnakeYAML's message repeats the source with a caret under it; the unindented lines are the sentence.
    private static String firstLines(String message) {
        return String.join(": ", message.lines().filter(l -> !l.isBlank() && !Character.isWhitespace(l.charAt(0))).toList());
    }

    private static String path(JsonMappingException e, String last) {
        StringBuilder b = new StringBuilder();
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getFieldName() != null) {
                b.append(b.length() > 0 ? "." : "").append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                b.append('[').append(r.getIndex()).append(']');
            }
        }
        if (last != null && b.toString().endsWith(last)) {
            return b.toString();
        }
        return last == null ? b.toString() : b.length() == 0 ? last : b + "." + last;
    }

    private static String expected(Class<?> type) {
        if (type == null) {
            return "a value of another kind";
        }
        if (type == Integer.class || type == int.class) {
            return "a whole number";
        }
        if (type == String.class) {
            return "a single value (text)";
        }
        if (List.class.isAssignableFrom(type)) {
            return "a list";
        }
        return "a section of keys (key: value lines)";
    }
}
