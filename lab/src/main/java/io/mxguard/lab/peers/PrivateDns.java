package io.mxguard.lab.peers;

import java.io.IOException;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * PrivateDns - whether this process sits in a private network namespace whose resolv.conf names a
 * resolver on loopback: the only place where a peer that reads nothing but {@code /etc/resolv.conf}
 * (Postfix's DNS lookups go through glibc's resolver, port 53) can be given the lab's DNS without
 * any chance of asking a real resolver.
 *
 * <p>Two conditions, both checked: every network interface that is up is a loopback interface (so
 * nothing can leave the machine, even by mistake), and {@code /etc/resolv.conf} names at least one
 * nameserver, all of them loopback addresses, with {@code options trust-ad} (glibc 2.31 and later
 * clear the AD bit of every answer without it, and Postfix then treats every lookup as insecure).
 * {@code bench/relay-bench.sh} sets up such a namespace with {@code ip netns}.
 */
public final class PrivateDns {

    /** The resolv.conf a private namespace should have ({@code ip netns} mounts /etc/netns/NAME/resolv.conf). */
    public static final String RESOLV_CONF = "nameserver 127.0.0.1\noptions trust-ad\n";

    private PrivateDns() {
    }

    /** unavailableReason - why this process is not in such a namespace, or empty when it is. */
    public static Optional<String> unavailableReason() {
        try {
            List<String> outside = new ArrayList<>();
            for (NetworkInterface nic : NetworkInterface.networkInterfaces().toList()) {
                if (nic.isUp() && !nic.isLoopback()) {
                    outside.add(nic.getName());
                }
            }
            if (!outside.isEmpty()) {
                return Optional.of("network interfaces " + outside + " are up: not a private network namespace"
                        + howTo());
            }
            return resolvConfProblem(Files.readString(Path.of("/etc/resolv.conf"), StandardCharsets.US_ASCII))
                    .map(p -> "/etc/resolv.conf " + p + howTo());
        } catch (IOException e) {
            return Optional.of("cannot check the network namespace: " + e.getMessage() + howTo());
        }
    }

    /** resolvConfProblem - what makes {@code text} unfit (a non-loopback nameserver, none, no trust-ad), or empty. */
    static Optional<String> resolvConfProblem(String text) {
        List<String> servers = new ArrayList<>();
        boolean trustAd = false;
        for (String raw : text.lines().toList()) {
            String[] words = raw.strip().split("\\s+");
            if (words[0].equals("nameserver") && words.length > 1) {
                servers.add(words[1]);
            } else if (words[0].equals("options")) {
                trustAd |= List.of(words).contains("trust-ad");
            }
        }
        if (servers.isEmpty()) {
            return Optional.of("names no nameserver");
        }
        for (String server : servers) {
            if (!loopback(server)) {
                return Optional.of("names nameserver " + server + ", not a loopback address");
            }
        }
        return trustAd ? Optional.empty() : Optional.of("lacks 'options trust-ad' (glibc would clear the AD bit)");
    }

    private static boolean loopback(String literal) {
        if (!literal.matches("[0-9.]+|[0-9A-Fa-f:]+")) {
            return false; // only address literals; never a lookup
        }
        try {
            return InetAddress.getByName(literal).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static String howTo() {
        return "; run inside a network namespace whose resolv.conf is '" + RESOLV_CONF.strip().replace("\n", "\\n")
                + "' (bench/relay-bench.sh does this with ip netns)";
    }
}
