package io.mxguard.dns;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.xbill.DNS.ResolverConfig;

/**
 * Upstream - one DNS resolver we send queries to, as named by {@code --resolver HOST[:PORT]}.
 *
 * <p>HOST is an IPv4 address, an IPv6 address in brackets ({@code [::1]:5353}) or bare
 * ({@code ::1}, then without a port), or a host name; PORT defaults to 53. {@link #parse} never
 * touches the network; a host name is resolved by {@link #socketAddress()} only.
 */
public record Upstream(String host, int port) {

    public static final int DEFAULT_PORT = 53;

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    // RFC 1123 §2.1 host names: letters, digits, hyphens, dots; a trailing dot is allowed.
    private static final Pattern HOSTNAME =
            Pattern.compile("(?i)[a-z0-9_]([a-z0-9_-]{0,62})(\\.[a-z0-9_]([a-z0-9_-]{0,62}))*\\.?");

    public Upstream {
        if (host == null || host.isEmpty()) {
            throw new IllegalArgumentException("empty host");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " out of range 1-65535");
        }
    }

    /** parse - read {@code HOST[:PORT]}; a bad spec is an {@link UpstreamSpecException} saying what is wrong. */
    public static Upstream parse(String spec) throws UpstreamSpecException {
        if (spec == null || spec.isBlank()) {
            throw new UpstreamSpecException(String.valueOf(spec), "empty resolver; expected HOST[:PORT]");
        }
        String s = spec.strip();
        if (s.startsWith("[")) {
            int close = s.indexOf(']');
            if (close < 0) {
                throw new UpstreamSpecException(spec, "'[' without ']'; write an IPv6 address as [ADDRESS]:PORT");
            }
            String host = s.substring(1, close);
            String rest = s.substring(close + 1);
            if (!isIpv6(host)) {
                throw new UpstreamSpecException(spec, "'" + host + "' in brackets is not an IPv6 address");
            }
            if (rest.isEmpty()) {
                return new Upstream(host, DEFAULT_PORT);
            }
            if (!rest.startsWith(":")) {
                throw new UpstreamSpecException(spec, "unexpected '" + rest + "' after ']'");
            }
            return new Upstream(host, parsePort(spec, rest.substring(1)));
        }
        int colons = (int) s.chars().filter(c -> c == ':').count();
        if (colons > 1) {
            // A bare IPv6 address: the port cannot be told apart, so there is none.
            if (!isIpv6(s)) {
                throw new UpstreamSpecException(spec, "not an IPv6 address; write [ADDRESS]:PORT for a port");
            }
            return new Upstream(s, DEFAULT_PORT);
        }
        String host = s;
        int port = DEFAULT_PORT;
        if (colons == 1) {
            int colon = s.indexOf(':');
            host = s.substring(0, colon);
            port = parsePort(spec, s.substring(colon + 1));
        }
        if (host.isEmpty()) {
            throw new UpstreamSpecException(spec, "empty host before ':'");
        }
        if (IPV4.matcher(host).matches()) {
            for (String octet : host.split("\\.")) {
                if (Integer.parseInt(octet) > 255) {
                    throw new UpstreamSpecException(spec, "'" + host + "' is not an IPv4 address (octet " + octet + ")");
                }
            }
        } else if (!HOSTNAME.matcher(host).matches() || host.length() > 253) {
            throw new UpstreamSpecException(spec, "'" + host + "' is neither an IP address nor a host name");
        }
        return new Upstream(host.toLowerCase(Locale.ROOT), port);
    }

    /** system - the resolvers of {@code /etc/resolv.conf} (and the platform's equivalents), via dnsjava. */
    public static List<Upstream> system() {
        return ResolverConfig.getCurrentConfig().servers().stream()
                .map(a -> new Upstream(a.getAddress().getHostAddress(), a.getPort()))
                .toList();
    }

    /** socketAddress - the address to send to; resolves a host name through the system (once, at start-up). */
    public InetSocketAddress socketAddress() throws UnknownHostException {
        return new InetSocketAddress(InetAddress.getByName(host), port);
    }

    /** isLiteral - true when the host is an IP address, so no name resolution is needed. */
    public boolean isLiteral() {
        return IPV4.matcher(host).matches() || host.contains(":");
    }

    @Override
    public String toString() {
        return host.contains(":") ? "[" + host + "]:" + port : host + ":" + port;
    }

    private static int parsePort(String spec, String text) throws UpstreamSpecException {
        if (text.isEmpty() || !text.chars().allMatch(Character::isDigit) || text.length() > 5) {
            throw new UpstreamSpecException(spec, "port '" + text + "' is not a number 1-65535");
        }
        int port = Integer.parseInt(text);
        if (port < 1 || port > 65535) {
            throw new UpstreamSpecException(spec, "port " + port + " out of range 1-65535");
        }
        return port;
    }

    private static boolean isIpv6(String host) {
        if (host.isEmpty() || !host.contains(":") || !host.matches("[0-9A-Fa-f:.]+")) {
            return false;
        }
        try {
            // A literal with only hex, ':' and '.' is parsed without any lookup.
            return InetAddress.getByName(host) instanceof java.net.Inet6Address;
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
