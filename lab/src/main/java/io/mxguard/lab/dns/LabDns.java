package io.mxguard.lab.dns;

import java.net.InetAddress;
import java.util.List;
import java.util.NoSuchElementException;
import org.xbill.DNS.Name;

/**
 * LabDns - the signed lab DNS tree: the zones the authoritative server serves, the root trust
 * anchor validators start from, and the root hint that leads an iterative resolver to our server.
 */
public record LabDns(List<ServedZone> zones, TrustAnchor anchor, Name rootServer, InetAddress rootServerAddress) {
    public LabDns {
        zones = List.copyOf(zones);
    }

    /** zone - the served zone with this origin. */
    public ServedZone zone(Name origin) {
        return zones.stream().filter(z -> z.origin().equals(origin)).findFirst()
                .orElseThrow(() -> new NoSuchElementException("no lab zone " + origin));
    }

    /** rootHints - a root hints file (unbound {@code root-hints}, BIND {@code hint} zone) naming our server. */
    public String rootHints() {
        String address = rootServerAddress.getHostAddress();
        String type = address.contains(":") ? "AAAA" : "A";
        return ".\t3600000\tIN\tNS\t" + rootServer + "\n" + rootServer + "\t3600000\tIN\t" + type + "\t" + address + "\n";
    }
}
