package io.mxguard.lab.world;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mxguard.dane.DaneResult;
import io.mxguard.dane.DaneVerifier;
import io.mxguard.dns.DnsAnswer;
import io.mxguard.dns.Security;
import io.mxguard.dns.ValidatingSecureResolver;
import io.mxguard.lab.scenario.DnsAttack;
import io.mxguard.lab.scenario.DnsAttackRunner;
import io.mxguard.lab.smtp.ProxiedConnection;
import io.mxguard.pki.Certificates;
import io.mxguard.smtp.client.ClientOptions;
import io.mxguard.smtp.client.Envelope;
import io.mxguard.smtp.client.SmtpClient;
import io.mxguard.smtp.client.SmtpFailure;
import io.mxguard.smtp.client.SmtpOutcome;
import io.mxguard.smtp.client.TlsRequirement;
import io.mxguard.smtp.client.TlsState;
import io.mxguard.tls.InsecureTrustManager;
import io.mxguard.tls.PkixResult;
import io.mxguard.tls.PkixTrustManager;
import io.mxguard.tls.ServerTrustManager;
import io.mxguard.tls.TlsContexts;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.TLSARecord;
import org.xbill.DNS.Type;

/** The lab world: PKI, DNS with Bob's real TLSA, and both MX hosts on the shared SMTP port. */
class LabWorldTest {
    private static final String BOB = LabPki.BOB_MX;
    private static final String ATTACKER = LabPki.ATTACKER_MX;
    private static final String HELO = "smtp.source.com";
    private static final byte[] MESSAGE = "Subject: hi\r\n\r\nHi Bob.\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final Envelope TO_BOB = Envelope.of("alice@source.com", "bob@destination.com");
    private final SmtpClient client = new SmtpClient(ClientOptions.defaults().withAllTimeouts(Duration.ofSeconds(3)));

    @Test
    void start_bothMxAnswerOnTheSharedPort_atTheirOwnAddresses() throws Exception {
        try (LabWorld world = LabWorld.start()) {
            int port = world.smtpPort();
            assertThat(greeting(world, world.addresses().bobMx(), port)).contains(BOB);
            assertThat(greeting(world, world.addresses().attackerMx(), port)).contains(ATTACKER);
            if (!world.singleAddress()) {
                assertThat(world.bobMx().address()).isEqualTo(new InetSocketAddress(world.addresses().bobMx(), port));
                assertThat(world.attackerMx().address())
                        .isEqualTo(new InetSocketAddress(world.addresses().attackerMx(), port));
            }
            assertThat(world.attackerMx().sawVerb("MAIL")).isFalse();
        }
    }

    @Test
    void bobStartTls_presentsTheCertificateThePublishedTlsa311Matches() throws Exception {
        try (LabWorld world = LabWorld.start()) {
            assertThat(world.bobTlsa()).singleElement().satisfies(r -> {
                assertThat(r.getCertificateUsage()).isEqualTo(3);
                assertThat(r.getSelector()).isEqualTo(1);
                assertThat(r.getMatchingType()).isEqualTo(1);
                assertThat(r.getName()).hasToString("_" + world.smtpPort() + "._tcp.mx.destination.com.");
            });
            List<X509Certificate> bobChain = presentedChain(world, world.addresses().bobMx());
            assertThat(bobChain.get(0)).isEqualTo(world.bobCertificate().certificate());
            DaneResult bob = DaneVerifier.verify(bobChain, world.bobTlsa(), List.of(BOB), Instant.now());
            assertThat(bob).as("%s", bob).isInstanceOfSatisfying(DaneResult.Matched.class,
                    m -> assertThat(m.usage()).isEqualTo(DaneResult.Usage.DANE_EE));
            // The attacker's valid WebPKI certificate does not match Bob's TLSA: that is what DANE buys.
            List<X509Certificate> attackerChain = presentedChain(world, world.addresses().attackerMx());
            assertThat(DaneVerifier.verify(attackerChain, world.bobTlsa(), List.of(BOB), Instant.now()).authenticated())
                    .isFalse();
        }
    }

    @Test
    void bobTlsa_isSecureThroughTheHonestResolver() throws Exception {
        try (LabWorld world = LabWorld.start();
             ValidatingSecureResolver resolver = WorldResolvers.validating(world.dns().trustAnchorFile(),
                     world.dns().honestResolver())) {
            DnsAnswer answer = resolver.lookup(tlsaOwner(world), Type.TLSA);
            assertThat(answer.security()).as(answer.reason()).isEqualTo(Security.SECURE);
            assertThat(answer.records()).map(r -> r.rdataToString())
                    .containsExactlyElementsOf(world.bobTlsa().stream().map(TLSARecord::rdataToString).toList());
        }
    }

    @Test
    void dnsAttackTable_againstTheRealTlsa_everyScenarioReachesItsVerdict() throws Exception {
        try (LabWorld world = LabWorld.start()) {
            var outcomes = new DnsAttackRunner(world.dns()).run(List.of(DnsAttack.values()));
            assertThat(outcomes).allSatisfy(o -> assertThat(o.matched())
                    .as("%s: expected %s, got %s (%s)", o.attack().id(), o.attack().expect(), o.verdict().security(),
                            o.verdict().reason()).isTrue());
        }
    }

    @Test
    void pkixVerifySender_trustsEachMxForItsOwnNameOnly() throws Exception {
        try (LabWorld world = LabWorld.start()) {
            List<X509Certificate> ca = List.of(world.publicCa().certificate());
            Clock clock = Clock.systemUTC();
            assertThat(starttls(world, world.addresses().bobMx(), PkixTrustManager.trusting(ca, List.of(BOB), clock),
                    BOB)).as("PKIX at Bob").isTrue();
            assertThat(starttls(world, world.addresses().attackerMx(),
                    PkixTrustManager.trusting(ca, List.of(ATTACKER), clock), ATTACKER)).as("PKIX at attacker").isTrue();
            PkixResult attackerAsBob = PkixTrustManager.trusting(ca, List.of(BOB), clock)
                    .verify(world.attackerCertificate().chain());
            assertThat(attackerAsBob).isInstanceOfSatisfying(PkixResult.Failed.class,
                    f -> assertThat(f.reason()).isEqualTo(PkixResult.Reason.NAME_MISMATCH));
        }
    }

    @Test
    void daneTa_publishes201OfTheIssuer_andBobsChainMatchesIt() throws Exception {
        var options = LabWorld.Options.defaults().withTlsa(TlsaPublication.DANE_TA)
                .withBobIssuer(LabPki.Issuer.PRIVATE_CA);
        try (LabWorld world = LabWorld.start(options)) {
            assertThat(world.bobTlsa()).singleElement().satisfies(r -> {
                assertThat(r.getCertificateUsage()).isEqualTo(2);
                assertThat(r.getCertificateAssociationData())
                        .isEqualTo(Certificates.certSha256(world.pki().bobPrivateCa().certificate()));
            });
            List<X509Certificate> chain = presentedChain(world, world.addresses().bobMx());
            DaneResult result = DaneVerifier.verify(chain, world.bobTlsa(), List.of(BOB), Instant.now());
            assertThat(result).as("%s", result).isInstanceOfSatisfying(DaneResult.Matched.class,
                    m -> assertThat(m.usage()).isEqualTo(DaneResult.Usage.DANE_TA));
            // A private CA is nobody's WebPKI: a PKIX sender refuses Bob.
            PkixResult pkix = PkixTrustManager.trusting(List.of(world.publicCa().certificate()), List.of(BOB),
                    Clock.systemUTC()).verify(chain);
            assertThat(pkix).isInstanceOf(PkixResult.Failed.class);
        }
    }

    @Test
    void tlsaPublication_bothAndNone() throws Exception {
        try (LabWorld both = LabWorld.start(LabWorld.Options.defaults().withTlsa(TlsaPublication.BOTH));
             LabWorld none = LabWorld.start(LabWorld.Options.defaults().withTlsa(TlsaPublication.NONE).withNsec3());
             ValidatingSecureResolver resolver = WorldResolvers.validating(none.dns().trustAnchorFile(),
                     none.dns().honestResolver())) {
            assertThat(both.bobTlsa()).map(TLSARecord::getCertificateUsage).containsExactly(3, 2);
            assertThat(none.bobTlsa()).isEmpty();
            // No TLSA, proven absent (NSEC3): Bob is simply not DANE-protected.
            DnsAnswer answer = resolver.lookup(tlsaOwner(none), Type.TLSA);
            assertThat(answer).as(answer.reason()).isInstanceOf(DnsAnswer.NxDomain.class);
            assertThat(answer.security()).isEqualTo(Security.SECURE);
        }
    }

    @Test
    void twoWorldsAtOnce_doNotClash() throws Exception {
        try (LabWorld first = LabWorld.start(); LabWorld second = LabWorld.start()) {
            assertThat(first.smtpPort()).isNotEqualTo(second.smtpPort());
            assertThat(first.bobCertificate().certificate()).isNotEqualTo(second.bobCertificate().certificate());
            assertThat(greeting(first, first.addresses().bobMx(), first.smtpPort())).contains(BOB);
            assertThat(greeting(second, second.addresses().bobMx(), second.smtpPort())).contains(BOB);
            assertThat(first.bobMx().connections()).isEqualTo(1);
            assertThat(second.bobMx().connections()).isEqualTo(1);
        }
    }

    @Test
    void close_freesBothMxPorts_andIsIdempotent() throws Exception {
        LabWorld world = LabWorld.start();
        InetSocketAddress bob = world.bobMx().address();
        InetSocketAddress attacker = world.attackerMx().address();
        InetSocketAddress stripper = world.stripper().address();
        world.close();
        world.close();
        try (ServerSocket a = new ServerSocket(bob.getPort(), 1, bob.getAddress());
             ServerSocket b = new ServerSocket(attacker.getPort(), 1, attacker.getAddress());
             ServerSocket c = new ServerSocket(stripper.getPort(), 1, stripper.getAddress())) {
            assertThat(a.isBound()).isTrue();
            assertThat(b.isBound()).isTrue();
            assertThat(c.isBound()).isTrue();
        }
    }

    @Test
    void failedStart_closesTheMxServersItHadStarted() throws Exception {
        long before = acceptThreads();
        // The clock dates the certificates, then fails while the zones are signed: after both MX bound.
        AtomicInteger reads = new AtomicInteger();
        Clock failing = new Clock() {
            @Override
            public ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                if (reads.getAndIncrement() > 0) {
                    throw new IllegalStateException("clock broke");
                }
                return Instant.now();
            }
        };
        assertThatThrownBy(() -> LabWorld.start(LabWorld.Options.defaults().withClock(failing)))
                .hasMessageContaining("clock broke");
        assertThat(reads.get()).isGreaterThan(1);
        assertThat(acceptThreads()).isEqualTo(before);
    }

    private static long acceptThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith("lab-smtp-accept")).count();
    }

    @Test
    void singleAddress_mxOnTwoPorts_reachedThroughSmtpEndpoint_dnsKeepsDistinctRoutes() throws Exception {
        var options = LabWorld.Options.defaults().withAddressing(LabWorld.Addressing.SINGLE);
        try (LabWorld world = LabWorld.start(options);
             ValidatingSecureResolver resolver = WorldResolvers.validating(world.dns().trustAnchorFile(),
                     world.dns().honestResolver())) {
            InetAddress loopback = InetAddress.getLoopbackAddress();
            assertThat(world.singleAddress()).isTrue();
            assertThat(world.bobMx().address().getAddress()).isEqualTo(loopback);
            assertThat(world.attackerMx().address().getAddress()).isEqualTo(loopback);
            assertThat(world.bobMx().address().getPort()).isEqualTo(world.smtpPort());
            assertThat(world.attackerMx().address().getPort()).isNotEqualTo(world.smtpPort());
            DnsAnswer a = resolver.lookup(Name.fromString("mx.destination.com."), Type.A);
            assertThat(a.security()).as(a.reason()).isEqualTo(Security.SECURE);
            InetAddress route = ((ARecord) a.records().get(0)).getAddress();
            assertThat(route).isEqualTo(world.addresses().bobMx()).isNotEqualTo(loopback);
            assertThat(world.smtpEndpoint(route, world.smtpPort())).isEqualTo(world.bobMx().address());
            assertThat(greeting(world, world.addresses().attackerMx(), world.smtpPort())).contains(ATTACKER);
            assertThat(presentedChain(world, route).get(0)).isEqualTo(world.bobCertificate().certificate());
            // Other routes pass through unchanged.
            assertThat(world.smtpEndpoint(route, 25)).isEqualTo(new InetSocketAddress(route, 25));
        }
    }

    @Test
    void attackerMx_forwardsWhatItReadsToBob_byDefault() throws Exception {
        try (LabWorld world = LabWorld.start()) {
            SmtpOutcome<SmtpClient.Delivered> sent = client.deliver(world.attackerMx().address(), HELO,
                    Optional.empty(), TO_BOB, MESSAGE);
            assertThat(sent.isOk()).as("%s", sent).isTrue();
            assertThat(world.attackerMx().awaitForwarded(1, Duration.ofSeconds(10))).singleElement()
                    .satisfies(f -> {
                        assertThat(f.delivered()).as("%s", f.outcome()).isTrue();
                        assertThat(f.encrypted()).isTrue();
                    });
            assertThat(world.attackerMx().messages()).singleElement()
                    .satisfies(m -> assertThat(m.data()).isEqualTo(MESSAGE));
            assertThat(world.bobMx().messages()).singleElement().satisfies(m -> {
                assertThat(m.data()).isEqualTo(MESSAGE);
                assertThat(m.helo()).isEqualTo(ATTACKER);
                assertThat(m.rcptTo()).containsExactly("bob@destination.com");
            });
            assertThat(world.stripper().accepted()).as("the relay goes straight to Bob").isZero();
        }
    }

    @Test
    void onPath_redirectsBobsRouteOnly_throughTheStripper() throws Exception {
        try (LabWorld world = LabWorld.start()) {
            InetAddress bob = world.addresses().bobMx();
            InetAddress attacker = world.addresses().attackerMx();
            int port = world.smtpPort();
            InetSocketAddress attackerEndpoint = world.smtpEndpoint(attacker, port);
            assertThat(world.onPath()).isFalse();
            assertThat(world.smtpEndpoint(bob, port)).isEqualTo(world.bobMx().address());
            if (!world.singleAddress()) {
                assertThat(world.stripper().address().getAddress().getHostAddress())
                        .isEqualTo(LabWorld.STRIPPER_ADDRESS);
            }

            world.onPath(true);
            assertThat(world.smtpEndpoint(bob, port)).isEqualTo(world.stripper().address());
            assertThat(world.smtpEndpoint(attacker, port)).isEqualTo(attackerEndpoint);
            assertThat(world.smtpEndpoint(bob, 25)).isEqualTo(new InetSocketAddress(bob, 25));
            assertThat(world.stripper().upstream()).isEqualTo(world.bobMx().address());

            world.onPath(false);
            assertThat(world.smtpEndpoint(bob, port)).isEqualTo(world.bobMx().address());
        }
    }

    @Test
    void onPath_opportunisticSenderDeliversInPlaintext_stripperReadIt_requiredTlsDefers() throws Exception {
        for (LabWorld.Addressing addressing : LabWorld.Addressing.values()) {
            try (LabWorld world = LabWorld.start(LabWorld.Options.defaults().withAddressing(addressing))) {
                world.onPath(true);
                InetSocketAddress route = world.smtpEndpoint(world.addresses().bobMx(), world.smtpPort());
                SmtpOutcome<SmtpClient.Delivered> required = client.deliver(route, HELO,
                        anyCertificate(TlsRequirement.REQUIRED), TO_BOB, MESSAGE);
                assertThat(required.failure().kind()).isEqualTo(SmtpFailure.Kind.STARTTLS_NOT_OFFERED);
                assertThat(world.stripper().readMessages()).isEmpty();
                assertThat(world.bobMx().sawVerb("MAIL")).isFalse();

                SmtpOutcome<SmtpClient.Delivered> opportunistic = client.deliver(route, HELO,
                        anyCertificate(TlsRequirement.OPPORTUNISTIC), TO_BOB, MESSAGE);
                assertThat(opportunistic.value().tls().isEncrypted()).isFalse();
                assertThat(world.bobMx().messages()).singleElement().satisfies(m -> {
                    assertThat(m.data()).isEqualTo(MESSAGE);
                    assertThat(m.tls()).isEmpty();
                });
                assertThat(world.stripper().readMessages()).singleElement()
                        .satisfies(r -> assertThat(r.data()).isEqualTo(MESSAGE));
                assertThat(world.stripper().connections()).allMatch(ProxiedConnection::startTlsStripped);
            }
        }
    }

    private static Optional<SmtpClient.TlsPlan> anyCertificate(TlsRequirement requirement) {
        return Optional.of(new SmtpClient.TlsPlan(TlsContexts.clientContext(new InsecureTrustManager()), BOB,
                requirement));
    }

    private static Name tlsaOwner(LabWorld world) throws Exception {
        return Name.fromString("_" + world.smtpPort() + "._tcp.mx.destination.com.");
    }

    private String greeting(LabWorld world, InetAddress route, int port) {
        SmtpOutcome<SmtpClient.Probed> probed = client.probe(world.smtpEndpoint(route, port), HELO, Optional.empty());
        assertThat(probed.isOk()).as("%s", probed).isTrue();
        return probed.value().greeting().text();
    }

    /** presentedChain - STARTTLS at the route's MX without verification; the chain it presented. */
    private List<X509Certificate> presentedChain(LabWorld world, InetAddress route) {
        InsecureTrustManager any = new InsecureTrustManager();
        assertThat(starttls(world, route, any, BOB)).isTrue();
        return any.presentedChain();
    }

    private boolean starttls(LabWorld world, InetAddress route, ServerTrustManager trust, String sni) {
        var plan = new SmtpClient.TlsPlan(io.mxguard.tls.TlsContexts.clientContext(trust), sni, TlsRequirement.REQUIRED);
        SmtpOutcome<SmtpClient.Probed> probed = client.probe(world.smtpEndpoint(route, world.smtpPort()), HELO,
                Optional.of(plan));
        return probed.isOk() && probed.value().tls() instanceof TlsState.Encrypted;
    }
}
