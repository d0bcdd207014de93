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

    /** parse - {@code ADDRESS/PREFIX}, or a bare address meaning a single host; only IP literals, never a DNS name. */
    public static ClientNetwork parse(String cidr) {
        String text = cidr.strip();
        int slash = text.indexOf('/');
        String address = slash < 0 ? text : text.substring(0, slash);
        if (address.isEmpty() || !(address.contains(":") || address.chars().allMatch(c -> c == '.' || Character.isDigit(c)))) {
            throw new IllegalArgumentException("not an IP network: '" + cidr + "' (expected e.g. 10.0.0.0/8 or ::1/128)");
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
        try {
            return new ClientNetwork(base, prefix);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("bad network '" + cidr + "': " + e.getMessage(), e);
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
