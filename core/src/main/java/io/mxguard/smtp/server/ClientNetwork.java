package io.mxguard.smtp.server;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Objects;

/**
 * ClientNetwork - one CIDR block ({@code 10.0.0.0/8}, {@code ::1/128}) of clients allowed to relay.
 * An IPv4 block never matches an IPv6 client, IPv4-mapped or not.
 */
public record ClientNetwork(InetAddress base, int prefixLength) {

    public ClientNetwork {
        Objects.requireNonNull(base, "base");
        int bits = base.getAddress().length * 8;
        if (prefixLength < 0 || prefixLength > bits) {
            throw new IllegalArgumentException("prefix length " + prefixLength + " out of range for " + base);
        }
    }

    // Four decimal parts 0-255: Java (like inet_aton) reads "192.168.1" as 192.168.0.1, so a shorthand that
    // means 192.168.1.0/24 to its author would silently be another network.
    private static final java.util.regex.Pattern DOTTED_QUAD =
            java.util.regex.Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");

    /** parse - {@code ADDRESS/PREFIX}, or a bare address meaning a single host; only IP literals, never a DNS name. */
    public static ClientNetwork parse(String cidr) {
        String text = cidr.strip();
        int slash = text.indexOf('/');
        String address = slash < 0 ? text : text.substring(0, slash);
        if (address.isEmpty() || !(address.contains(":") || address.chars().allMatch(c -> c == '.' || Character.isDigit(c)))) {
            throw new IllegalArgumentException("not an IP network: '" + cidr + "' (expected e.g. 10.0.0.0/8 or ::1/128)");
        }
        if (!address.contains(":") && !DOTTED_QUAD.matcher(address).matches()) {
            throw new IllegalArgumentException("not an IP network: '" + cidr + "' (an IPv4 address has four parts"
                    + " of 0-255, e.g. 192.168.1.0/24)");
        }
        InetAddress base;
        try {
            base = InetAddress.getByName(address); // an IP literal: no lookup happens
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IP network: '" + cidr + "'", e);
        }
        int bits = base.getAddress().length * 8;
        int prefix;
        try {
            prefix = slash < 0 ? bits : Integer.parseInt(text.substring(slash + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad prefix length in '" + cidr + "'", e);
        }
        ClientNetwork network;
        try {
            network = new ClientNetwork(base, prefix);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("bad network '" + cidr + "': " + e.getMessage(), e);
        }
        // As Postfix's mynetworks: host bits set is a typo more often than not; name the network meant.
        ClientNetwork masked = network.masked();
        if (!masked.base().equals(base)) {
            throw new IllegalArgumentException("bad network '" + cidr + "': host bits are set (did you mean "
                    + masked + "?)");
        }
        return network;
    }

    /** masked - the same block with the host bits of its base cleared. */
    private ClientNetwork masked() {
        byte[] a = base.getAddress();
        for (int i = 0; i < a.length; i++) {
            int keep = Math.max(0, Math.min(8, prefixLength - i * 8));
            a[i] &= (byte) ((0xff << (8 - keep)) & 0xff);
        }
        try {
            return new ClientNetwork(InetAddress.getByAddress(a), prefixLength);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e); // cannot happen: the length is that of an address
        }
    }

    /** contains - whether {@code client} lies in this block. */
    public boolean contains(InetAddress client) {
        byte[] a = base.getAddress();
        byte[] b = client.getAddress();
        if (a.length != b.length) {
            return false;
        }
        int full = prefixLength / 8;
        if (!Arrays.equals(a, 0, full, b, 0, full)) {
            return false;
        }
        int rest = prefixLength % 8;
        if (rest == 0) {
            return true;
        }
        int mask = (0xff << (8 - rest)) & 0xff;
        return (a[full] & mask) == (b[full] & mask);
    }

    @Override
    public String toString() {
        return base.getHostAddress() + "/" + prefixLength;
    }
}
