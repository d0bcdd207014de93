package io.mxguard.lab.world;

import io.mxguard.lab.LabFiles;
import io.mxguard.lab.dns.AuthoritativeServer;
import io.mxguard.lab.dns.DnsQueryEvent;
import io.mxguard.lab.dns.DnsServerConfig;
import io.mxguard.lab.dns.HijackRule;
import io.mxguard.lab.dns.HijackingResolver;
import io.mxguard.lab.dns.LabAddresses;
import io.mxguard.lab.dns.LabDns;
import io.mxguard.lab.dns.LabZones;
import io.mxguard.lab.dns.ZoneText;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * DnsWorld - the seed's DNS on loopback, running: the signed zone tree served by the honest
 * authoritative server (Alice's DNS server, answering a validating stub), the hijacking resolver
 * in front of it (the attacker's DNS), and the lab trust anchor written to files.
 *
 * <p>Each actor gets its own 127.0.10.x address (DESIGN §4); where only 127.0.0.1 exists, every
 * actor shares it and they differ by port ({@link #sharedAddress()} says so). Servers bind port 0,
 * so several worlds can run at once. {@link #close()} stops both servers and deletes the files,
 * also after a failed start. Thread-safe once started.
 */
public final class DnsWorld implements AutoCloseable {
    private final LabAddresses addresses;
    private final boolean sharedAddress;
    private final LabZones zones;
    private final LabDns dns;
    private final Path dir;
    private final List<Consumer<DnsQueryEvent>> listeners = new CopyOnWriteArrayList<>();
    private AuthoritativeServer honest;
    private HijackingResolver hijacker;

    private DnsWorld(LabAddresses addresses, boolean sharedAddress, LabZones zones, LabDns dns, Path dir) {
        this.addresses = addresses;
        this.sharedAddress = sharedAddress;
        this.zones = zones;
        this.dns = dns;
        this.dir = dir;
    }

    /** start - build, sign and serve the seed's zones; {@code smtpPort} names TLSA owners. */
    public static DnsWorld start(int smtpPort) throws IOException {
        return start(LabZones.seed(pickAddresses(), smtpPort), Clock.systemUTC());
    }

    /**
     * start - serve the given (possibly extended) zone tree, signed with {@code clock}. The zones'
     * addresses decide where the servers bind.
     */
    public static DnsWorld start(LabZones zones, Clock clock) throws IOException {
        LabDns dns = zones.sign(clock);
        LabAddresses addresses = zones.addresses();
        boolean shared = addresses.nameServer().equals(addresses.bobMx());
        Path dir = Files.createTempDirectory("mxguard-lab-");
        DnsWorld world = new DnsWorld(addresses, shared, zones, dns, dir);
        try {
            world.open();
        } catch (IOException | RuntimeException e) {
            world.close();
            throw e;
        }
        return world;
    }

    private void open() throws IOException {
        dns.anchor().writeZoneFile(trustAnchorFile());
        dns.anchor().writeBind(bindTrustAnchorFile());
        Files.writeString(dir.resolve("root.hints"), dns.rootHints());
        Files.createDirectories(dir.resolve("zones"));
        for (var zone : dns.zones()) {
            ZoneText.write(zone, dir.resolve("zones").resolve(zoneFileName(zone.origin().toString())));
        }
        InetSocketAddress dnsBind = new InetSocketAddress(addresses.nameServer(), 0);
        honest = new AuthoritativeServer(DnsServerConfig.on(dnsBind), dns.zones(), this::publish).start();
        hijacker = new HijackingResolver(DnsServerConfig.on(new InetSocketAddress(addresses.nameServer(), 0)),
                honest.address(), List.of(), this::publish).start();
    }

    private static String zoneFileName(String origin) {
        return origin.equals(".") ? "root.zone" : origin.substring(0, origin.length() - 1) + ".zone";
    }

    private void publish(DnsQueryEvent event) {
        for (Consumer<DnsQueryEvent> l : listeners) {
            l.accept(event);
        }
    }

    /** pickAddresses - one address per actor when 127.0.10.x can be bound, else all on 127.0.0.1. */
    public static LabAddresses pickAddresses() {
        LabAddresses spread = LabAddresses.loopback();
        try (DatagramSocket probe = new DatagramSocket(new InetSocketAddress(spread.nameServer(), 0))) {
            return spread;
        } catch (SocketException e) {
            return LabAddresses.single(InetAddress.getLoopbackAddress());
        }
    }

    /** honestResolver - Alice's DNS server: the authoritative server that answers a validating stub. */
    public InetSocketAddress honestResolver() {
        return honest.address();
    }

    /** hijackingResolver - the attacker's DNS, forwarding to the honest one and rewriting by its rules. */
    public InetSocketAddress hijackingResolver() {
        return hijacker.address();
    }

    /** hijack - replace the hijacking resolver's rules (an empty list makes it an honest forwarder). */
    public void hijack(List<HijackRule> rules) {
        hijacker.rules(rules);
    }

    /** onQuery - observe every query both servers answer (for reports and sequence diagrams); run the result to stop. */
    public Runnable onQuery(Consumer<DnsQueryEvent> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    /** trustAnchorFile - the lab root's DS records in zone-file format (unbound, --trust-anchor). */
    public Path trustAnchorFile() {
        return dir.resolve("lab-anchor.ds");
    }

    /** bindTrustAnchorFile - the same anchor as a BIND {@code trust-anchors} block (delv -a). */
    public Path bindTrustAnchorFile() {
        return dir.resolve("lab-anchor.bind");
    }

    /** rootHintsFile - the root hints naming the lab server (port 53 is implied: see unbound stubs). */
    public Path rootHintsFile() {
        return dir.resolve("root.hints");
    }

    /** zoneFile - the master file of a served zone, e.g. {@code destination.com.}. */
    public Path zoneFile(String origin) {
        return dir.resolve("zones").resolve(zoneFileName(origin));
    }

    /** directory - where the anchor, hints and zone files live (deleted by close). */
    public Path directory() {
        return dir;
    }

    public LabAddresses addresses() {
        return addresses;
    }

    /** sharedAddress - true when every actor shares one loopback address (no 127.0.10.x here). */
    public boolean sharedAddress() {
        return sharedAddress;
    }

    /** dns - the signed tree (zones, trust anchor) being served. */
    public LabDns dns() {
        return dns;
    }

    public LabZones zones() {
        return zones;
    }

    @Override
    public void close() {
        if (hijacker != null) {
            hijacker.close();
        }
        if (honest != null) {
            honest.close();
        }
        LabFiles.deleteTree(dir);
    }
}
