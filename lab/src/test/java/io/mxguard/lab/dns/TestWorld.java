package io.mxguard.lab.dns;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import org.xbill.DNS.ExtendedFlags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * TestWorld - three hand-signed zones shared by the server tests:
 * {@code com.} (NSEC) delegating to {@code destination.com.} (NSEC, signed), {@code source.com.}
 * (NSEC3, signed) and {@code elsewhere.com.} (unsigned, not served: referrals).
 */
final class TestWorld {
    static final TestWorld WORLD = new TestWorld();

    final TestZone destination = new TestZone("destination.com.", TestZone.Denial.NSEC)
            .add("@", Type.NS, "ns1.destination.com.")
            .add("@", Type.MX, "10 mx.destination.com.")
            .add("ns1", Type.A, "127.0.0.2")
            .add("mx", Type.A, "127.0.0.10")
            .add("_25._tcp.mx", Type.TLSA, "3 1 1 0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f20")
            .add("www", Type.CNAME, "mx.destination.com.")
            .add("*.wild", Type.A, "127.0.0.99");
    final TestZone source = new TestZone("source.com.", TestZone.Denial.NSEC3)
            .add("@", Type.NS, "ns1.destination.com.")
            .add("@", Type.MX, "10 smtp.source.com.")
            .add("smtp", Type.A, "127.0.0.20")
            .add("a.b", Type.TXT, "\"deep\"");
    final TestZone com = new TestZone("com.", TestZone.Denial.NSEC)
            .add("@", Type.NS, "ns1.destination.com.")
            .add("destination", Type.NS, "ns1.destination.com.")
            .add(destination.ds())
            .add("ns1.destination", Type.A, "127.0.0.2")
            .add("source", Type.NS, "ns1.destination.com.")
            .add(source.ds())
            .add("elsewhere", Type.NS, "ns.elsewhere.com.")
            .add("ns.elsewhere", Type.A, "127.0.0.53")
            .add("cross", Type.CNAME, "mx.destination.com.");
    final List<ServedZone> zones;

    private TestWorld() {
        for (int i = 0; i < 40; i++) {
            destination.add("big", Type.TXT, "\"record " + i + " " + "x".repeat(60) + "\"");
        }
        zones = List.of(com.build(), destination.build(), source.build());
    }

    /** trustAnchor - com.'s DNSKEY in zone-file form, for a ValidatingResolver. */
    String trustAnchor() {
        return com.dnskey.toString() + "\n";
    }

    static Name name(String s) {
        return Name.fromConstantString(s);
    }

    static Message query(InetSocketAddress server, String name, int type, boolean dnssec) throws Exception {
        return resolver(server, dnssec, false).send(Message.newQuery(Record.newRecord(name(name), type, 1)));
    }

    static Message queryTcp(InetSocketAddress server, String name, int type, boolean dnssec) throws Exception {
        return resolver(server, dnssec, true).send(Message.newQuery(Record.newRecord(name(name), type, 1)));
    }

    static SimpleResolver resolver(InetSocketAddress server, boolean dnssec, boolean tcp) {
        SimpleResolver r = new SimpleResolver(server);
        r.setTimeout(Duration.ofSeconds(2));
        r.setTCP(tcp);
        r.setEDNS(0, 1232, dnssec ? ExtendedFlags.DO : 0, List.of());
        return r;
    }
}
