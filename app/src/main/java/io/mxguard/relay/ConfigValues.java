package io.mxguard.relay;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * ConfigValues - pure parsers for the value syntaxes of the relay's configuration: durations
 * ({@code 30s}, {@code 5m}, {@code 4h}, {@code 5d}, {@code 1h30m}), sizes ({@code 26214400},
 * {@code 25M}) and listen addresses ({@code 127.0.0.1:2525}, {@code [::1]:2525}). Each throws
 * {@link IllegalArgumentException} with a sentence that says what is expected.
 */
final class ConfigValues {
    private static final Pattern DURATION = Pattern.compile("(?:\\d+[smhdw])+");
    private static final Pattern DURATION_PART = Pattern.compile("(\\d+)([smhdw])");
    private static final Pattern SIZE = Pattern.compile("(\\d+)([KMG]?)", Pattern.CASE_INSENSITIVE);
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private ConfigValues() {
    }

    /** duration - "5m", "4h", "5d", "1h30m": a whole number and a unit (s, m, h, d, w), repeated. */
    static Duration duration(String text) {
        String s = text.strip().toLowerCase(Locale.ROOT);
        if (!DURATION.matcher(s).matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a duration (use a number and a unit: 30s, 5m, 4h, 5d)");
        }
        Duration d = Duration.ZERO;
        Matcher m = DURATION_PART.matcher(s);
        try {
            while (m.find()) {
                long n = Long.parseLong(m.group(1));
                d = d.plus(switch (m.group(2)) {
                    case "s" -> Duration.ofSeconds(n);
                    case "m" -> Duration.ofMinutes(n);
                    case "h" -> Duration.ofHours(n);
                    case "d" -> Duration.ofDays(n);
                    default -> Duration.ofDays(Math.multiplyExact(n, 7));
                });
            }
        } catch (ArithmeticException | NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is too long a duration");
        }
        if (d.isZero()) {
            throw new IllegalArgumentException("'" + text + "' must be longer than zero");
        }
        return d;
    }

    /** size - octets: "26214400", or with a binary suffix "25M", "512K", "1G". */
    static long size(String text) {
        Matcher m = SIZE.matcher(text.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a size (use octets, or a number with K, M or G: 25M)");
        }
        long unit = switch (m.group(2).toUpperCase(Locale.ROOT)) {
            case "K" -> 1024L;
            case "M" -> 1024L * 1024;
            case "G" -> 1024L * 1024 * 1024;
            default -> 1L;
        };
        try {
            long n = Math.multiplyExact(Long.parseLong(m.group(1)), unit);
            if (n <= 0) {
                throw new IllegalArgumentException("'" + text + "' must be more than zero");
            }
            return n;
        } catch (ArithmeticException | NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is too large");
        }
    }

    /** listen - "HOST:PORT" with an IPv4 literal, "[IPv6]:PORT", or "localhost:PORT"; port 0 picks a free one. */
    static InetSocketAddress listen(String text) {
        String s = text.strip();
        String host;
        String port;
        if (s.startsWith("[")) {
            int close = s.indexOf("]:");
            if (close < 0) {
                throw new IllegalArgumentException("'" + text + "' is not [IPv6]:PORT");
            }
            host = s.substring(1, close);
            port = s.substring(close + 2);
        } else {
            int colon = s.lastIndexOf(':');
            if (colon < 0 || s.indexOf(':') != colon) {
                throw new IllegalArgumentException("'" + text + "' is not HOST:PORT (e.g. 127.0.0.1:2525 or [::1]:2525)");
            }
            host = s.substring(0, colon);
            port = s.substring(colon + 1);
        }
        int p;
        try {
            p = Integer.parseInt(port);
        } catch (NumberFormatException e) {
            p = -1;
        }
        if (p < 0 || p > 65535) {
            throw new IllegalArgumentException("'" + text + "': port must be 0-65535");
        }
        boolean literal = host.equalsIgnoreCase("localhost") || IPV4.matcher(host).matches()
                || (host.contains(":") && host.matches("[0-9a-fA-F:.]+"));
        if (!literal) {
            // no DNS lookup at start-up: a listen address is an address
            throw new IllegalArgumentException("'" + text + "': the host must be an IP address (or localhost)");
        }
        try {
            return new InetSocketAddress(InetAddress.getByName(host), p);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("'" + text + "': not an IP address");
        }
    }

    /** didYouMean - the known key closest to {@code typo} (case, '-' and '_' ignored; edit distance at most 2). */
    static String didYouMean(String typo, Iterable<String> known) {
        String best = null;
        int bestDistance = 3;
        String t = squash(typo);
        for (String k : known) {
            int d = t.equals(squash(k)) ? 0 : distance(typo.toLowerCase(Locale.ROOT), k.toLowerCase(Locale.ROOT));
            if (d < bestDistance) {
                best = k;
                bestDistance = d;
            }
        }
        return best;
    }

    private static String squash(String s) {
        return s.replace("-", "").replace("_", "").toLowerCase(Locale.ROOT);
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int sub = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                cur[j] = Math.min(sub, Math.min(prev[j] + 1, cur[j - 1] + 1));
            }
            int[] swap = prev;
            prev = cur;
            cur = swap;
        }
        return prev[b.length()];
    }
}
