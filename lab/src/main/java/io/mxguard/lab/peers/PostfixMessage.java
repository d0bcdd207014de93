package io.mxguard.lab.peers;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * PostfixMessage - one message a {@link Postfix} stored, byte for byte as in its maildir: Postfix
 * adds Return-Path, X-Original-To (the envelope recipient), Delivered-To and its Received header
 * (with the TLS protocol and cipher when STARTTLS was used) above the client's headers.
 *
 * @param name the maildir file name
 * @param raw  the stored bytes
 */
public record PostfixMessage(String name, byte[] raw) {
    public PostfixMessage {
        Objects.requireNonNull(name, "name");
        raw = raw.clone();
    }

    @Override
    public byte[] raw() {
        return raw.clone();
    }

    public String text() {
        return new String(raw, StandardCharsets.UTF_8);
    }

    /** header - the first header field called {@code field} (unfolded), if any; the first Received is Postfix's own. */
    public Optional<String> header(String field) {
        return headers(field).stream().findFirst();
    }

    /** headers - every header field called {@code field}, top to bottom, unfolded. */
    public List<String> headers(String field) {
        List<String> found = new ArrayList<>();
        String prefix = field.toLowerCase(Locale.ROOT) + ":";
        StringBuilder current = null;
        for (String line : text().split("\r?\n", -1)) {
            if (line.isEmpty()) {
                break;
            }
            boolean continuation = line.startsWith(" ") || line.startsWith("\t");
            if (continuation && current != null) {
                current.append(' ').append(line.strip());
                continue;
            }
            if (current != null) {
                found.add(current.toString());
                current = null;
            }
            if (!continuation && line.toLowerCase(Locale.ROOT).startsWith(prefix)) {
                current = new StringBuilder(line.substring(prefix.length()).strip());
            }
        }
        if (current != null) {
            found.add(current.toString());
        }
        return found;
    }
}
