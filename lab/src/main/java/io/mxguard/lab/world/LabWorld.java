package io.mxguard.lab.world;

import io.mxguard.lab.dns.LabAddresses;
import io.mxguard.lab.dns.LabZones;
import io.mxguard.lab.smtp.LabMailServer;
import io.mxguard.lab.smtp.StartTlsStripper;
import io.mxguard.pki.Certificates;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import org.xbill.DNS.Name;
import org.xbill.DNS.TLSARecord;

/**
 * LabWorld - the seed's world on loopback, running: the lab PKI, the signed DNS with Bob's TLSA made
 * from his real certificate, Bob's MX, the attacker's MX and the STARTTLS stripper (DESIGN §4). Starts in about a second with
 * fresh keys and certificates.
 *
 * <p><b>Layout.</b> Normally every actor has its own 127.0.10.x address (DNS .53, Bob .25, attacker
 * .66) and both MX hosts listen on one shared high port, {@link #smtpPort()}, which the TLSA owner
 * {@code _PORT._tcp.mx.destination.com} names. Where only 127.0.0.1 can be bound (or with
 * {@link Addressing#SINGLE}), the DNS still names distinct 127.0.10.x <i>route addresses</i> (so an
 * A-record hijack stays visible), but the servers all listen on 127.0.0.1, the two MX hosts on two
 * ports; {@link #smtpEndpoint} maps a route (address, port) to where its server really listens. A lab
 * sender must connect through {@link #smtpEndpoint}; in the normal layout it is the identity.
 *
 * <p><b>Attackers.</b> The attacker's MX reads every message it is sent, then forwards it to Bob's MX
 * (EHLO {@code mx.attacker.net}, opportunistic STARTTLS trusting anyone, SNI {@code mx.destination.com},
 * the envelope unchanged), so Bob gets his mail and nobody notices: {@code attackerMx().messages()} is
 * what it read, {@code attackerMx().forwarded()} what became of each relay. The {@link #stripper()}
 * always runs in front of Bob's MX, on {@value #STRIPPER_ADDRESS} (127.0.0.1 in the single layout), any
 * port; it is on the sender's path only after {@link #onPath onPath(true)}: then {@link #smtpEndpoint}
 * sends Bob's route through it, so STARTTLS disappears from Bob's EHLO reply and every message sent in
 * plaintext shows up in {@code stripper().readMessages()}. Off by default. The attacker's own relay
 * always goes straight to Bob.
 *
 * <p>{@link #close()} stops everything, also after a failed start, and may be called twice. Several
 * worlds can run at once. Thread-safe once started.
 */
public final class LabWorld implements AutoCloseable {

    /** Addressing - how actors get their addresses. */
    public enum Addressing {
        /** One 127.0.10.x address per actor when it can be bound, else {@link #SINGLE}. */
        AUTO,
        /** Every server on 127.0.0.1; the DNS names 127.0.10.x route addresses that {@link #smtpEndpoint} maps. */
        SINGLE
    }

    /**
     * Options - how to build the world.
     *
     * @param tlsa      which TLSA records Bob publishes for his MX
     * @param bobIssuer which CA issued Bob's MX certificate
     * @param nsec3     sign every zone with NSEC3 (RFC 9276 parameters) instead of NSEC
     * @param clock     signs the zones and dates the certificates
     * @param addressing where actors listen
     * @param smtpPort   the MX hosts' shared SMTP port; 0 picks a free one
     * @param unsignedDestination serve destination.com unsigned (an insecure delegation from com.)
     */
    public record Options(TlsaPublication tlsa, LabPki.Issuer bobIssuer, boolean nsec3, Clock clock,
                          Addressing addressing, int smtpPort, boolean unsignedDestination) {
        public Options {
            Objects.requireNonNull(tlsa, "tlsa");
            Objects.requireNonNull(bobIssuer, "bobIssuer");
            Objects.requireNonNull(clock, "clock");
            Objects.requireNonNull(addressing, "addressing");
            if (smtpPort < 0 || smtpPort > 65535) {
                throw new IllegalArgumentException("SMTP port out of range: " + smtpPort);
            }
        }

        /** defaults - TLSA 3 1 1, Bob's certificate from the public CA, NSEC, system clock, AUTO addressing. */
        public static Options defaults() {
            return new Options(TlsaPublication.DANE_EE, LabPki.Issuer.PUBLIC_CA, false, Clock.systemUTC(),
                    Addressing.AUTO, 0, false);
        }

        public Options withTlsa(TlsaPublication publication) {
            return new Options(publication, bobIssuer, nsec3, clock, addressing, smtpPort, unsignedDestination);
        }

        public Options withBobIssuer(LabPki.Issuer issuer) {
            return new Options(tlsa, issuer, nsec3, clock, addressing, smtpPort, unsignedDestination);
        }

        public Options withNsec3() {
            return new Options(tlsa, bobIssuer, true, clock, addressing, smtpPort, unsignedDestination);
        }

        public Options withClock(Clock c) {
            return new Options(tlsa, bobIssuer, nsec3, c, addressing, smtpPort, unsignedDestination);
        }

        public Options withAddressing(Addressing a) {
            return new Options(tlsa, bobIssuer, nsec3, clock, a, smtpPort, unsignedDestination);
        }

        /** withUnsignedDestination - destination.com without DNSSEC: DNSSEC's limit, shown honestly. */
        public Options withUnsignedDestination() {
            return new Options(tlsa, bobIssuer, nsec3, clock, addressing, smtpPort, true);
        }

        /** withSmtpPort - a fixed shared SMTP port (0: any free one). */
        public Options withSmtpPort(int port) {
            return new Options(tlsa, bobIssuer, nsec3, clock, addressing, port, unsignedDestination);
        }
    }

    /** Where the stripper listens when actors have their own addresses. */
    public static final String STRIPPER_ADDRESS = "127.0.10.99";

    private final Options options;
    private LabAddresses addresses;
    private boolean singleAddress;
    private LabPki pki;
    private MxPair mx;
    private List<TLSARecord> bobTlsa = List.of();
    private DnsWorld dns;
    private StartTlsStripper stripper;
    private volatile boolean onPath;
    private boolean closed;

    private LabWorld(Options options) {
        this.options = Objects.requireNonNull(options, "options");
    }

    /** start - the world with default options. */
    public static LabWorld start() throws IOException {
        return start(Options.defaults());
    }

    /** start - PKI, both MX servers on the shared port, then the DNS that names that port. */
    public static LabWorld start(Options options) throws IOException {
        LabWorld world = new LabWorld(options);
        try {
            world.open();
        } catch (IOException | RuntimeException e) {
            world.close();
            throw e;
        }
        return world;
    }

    private void open() throws IOException {
        pickAddresses();
        pki = LabPki.mint(options.clock().instant(), options.bobIssuer());
        InetAddress bobAt = singleAddress ? addresses.nameServer() : addresses.bobMx();
        InetAddress attackerAt = singleAddress ? addresses.nameServer() : addresses.attackerMx();
        mx = options.smtpPort() == 0 ? MxPair.start(bobAt, pki.bob(), attackerAt, pki.attacker())
                : MxPair.start(bobAt, pki.bob(), attackerAt, pki.attacker(), options::smtpPort);
        // The TLSA owner names the port, so the zones exist only once the port is bound.
        LabZones zones = options.unsignedDestination() ? LabZones.seedUnsignedDestination(addresses, mx.port())
                : LabZones.seed(addresses, mx.port());
        Name owner = zones.tlsaName(zones.bobMxHost());
        bobTlsa = options.tlsa().records(owner, pki.bob(), pki.bobIssuer());
        bobTlsa.forEach(zones.zone(LabZones.DESTINATION)::record);
        if (options.nsec3()) {
            zones.useNsec3(zones.zones().stream().filter(z -> zones.keys(z).isPresent()).toArray(Name[]::new));
        }
        dns = DnsWorld.start(zones, options.clock());
        stripper = startStripper(mx.bob.address());
    }

    /** startStripper - the on-path attacker in front of Bob, on its own address where it can have one. */
    private StartTlsStripper startStripper(InetSocketAddress bob) throws IOException {
        if (!singleAddress) {
            try {
                return StartTlsStripper.start(new InetSocketAddress(InetAddress.getByName(STRIPPER_ADDRESS), 0), bob);
            } catch (IOException e) {
                // 127.0.10.99 cannot be bound here: share Bob's address, on another port
            }
        }
        return StartTlsStripper.start(new InetSocketAddress(bob.getAddress(), 0), bob);
    }

    private void pickAddresses() {
        LabAddresses picked = options.addressing() == Addressing.SINGLE
                ? LabAddresses.single(InetAddress.getLoopbackAddress()) : DnsWorld.pickAddresses();
        singleAddress = picked.nameServer().equals(picked.bobMx());
        if (!singleAddress) {
            addresses = picked;
            return;
        }
        // Servers bind the one address; the DNS keeps distinct route addresses for smtpEndpoint to map.
        LabAddresses routes = LabAddresses.loopback();
        addresses = new LabAddresses(picked.nameServer(), routes.bobMx(), routes.attackerMx(), routes.mtaSts(),
                routes.aliceSmtp(), routes.unsignedMx());
    }

    /**
     * smtpEndpoint - where to connect for an SMTP route to {@code routeAddress}:{@code port} (the address
     * the DNS gave, the sender's port). The identity, except in the single-address layout, where Bob's and
     * the attacker's route addresses at {@link #smtpPort()} map to their servers' real ports on 127.0.0.1,
     * and when the stripper is {@link #onPath}: then Bob's route at {@link #smtpPort()} leads to it.
     * Thread-safe; reflects the latest {@link #onPath} call.
     */
    public InetSocketAddress smtpEndpoint(InetAddress routeAddress, int port) {
        if (port == smtpPort()) {
            if (routeAddress.equals(addresses.bobMx())) {
                return onPath ? stripper.address() : mx.bob.address();
            }
            if (routeAddress.equals(addresses.attackerMx())) {
                return mx.attacker.address();
            }
        }
        return new InetSocketAddress(routeAddress, port);
    }

    /**
     * onPath - put the STARTTLS stripper on the path to Bob's MX ({@code true}) or take it off: from the
     * next {@link #smtpEndpoint} call on, Bob's route leads through it. Connections already open keep
     * their path.
     */
    public void onPath(boolean strip) {
        onPath = strip;
    }

    /** onPath - whether the stripper is on the path to Bob's MX. */
    public boolean onPath() {
        return onPath;
    }

    /** stripper - the on-path attacker in front of Bob's MX: what it stripped and read on each connection. */
    public StartTlsStripper stripper() {
        return stripper;
    }

    /** dns - the running DNS: honest and hijacking resolvers, {@code hijack(rules)}, trust anchor files. */
    public DnsWorld dns() {
        return dns;
    }

    /** smtpPort - the shared SMTP port (the sender's {@code --port}); TLSA owners are {@code _PORT._tcp.HOST}. */
    public int smtpPort() {
        return mx.port();
    }

    /** bobMx - Bob's MX, {@code mx.destination.com}: STARTTLS with Bob's certificate; stores what it receives. */
    public LabMailServer bobMx() {
        return mx.bob;
    }

    /**
     * attackerMx - the attacker's MX, {@code mx.attacker.net}: assert on it that no MAIL FROM ever arrived.
     * It forwards what it reads to Bob's MX ({@link LabMailServer#forwarded()}).
     */
    public LabMailServer attackerMx() {
        return mx.attacker;
    }

    /** publicCa - the lab WebPKI root: the one CA a PKIX {@code verify} sender is configured to trust. */
    public Certificates.Issued publicCa() {
        return pki.publicCa();
    }

    /** bobCertificate - what Bob's MX presents in STARTTLS (chain up to and including its CA). */
    public Certificates.Issued bobCertificate() {
        return pki.bob();
    }

    /** attackerCertificate - what the attacker's MX presents: a public-CA certificate for {@code mx.attacker.net}. */
    public Certificates.Issued attackerCertificate() {
        return pki.attacker();
    }

    /** pki - every CA and certificate of this run, including Bob's private CA and fresh public-CA issuance. */
    public LabPki pki() {
        return pki;
    }

    /** bobTlsa - the TLSA RRset published at {@code _PORT._tcp.mx.destination.com} (empty for NONE). */
    public List<TLSARecord> bobTlsa() {
        return bobTlsa;
    }

    /** addresses - the route addresses the DNS publishes (not where servers listen in the single layout). */
    public LabAddresses addresses() {
        return addresses;
    }

    /** singleAddress - true when every server listens on 127.0.0.1 and {@link #smtpEndpoint} maps routes. */
    public boolean singleAddress() {
        return singleAddress;
    }

    public Options options() {
        return options;
    }

    /** close - stop the DNS, the stripper and both MX servers and delete the files; idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (dns != null) {
            dns.close();
        }
        if (stripper != null) {
            stripper.close();
        }
        if (mx != null) {
            mx.close();
        }
    }
}
