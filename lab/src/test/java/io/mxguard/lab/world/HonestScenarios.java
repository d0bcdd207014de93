package io.mxguard.lab.world;

import static org.assertj.core.api.Assertions.assertThat;

import io.mxguard.dns.AddressLookup;
import io.mxguard.dns.DnsAnswer;
import io.mxguard.dns.HostAddresses;
import io.mxguard.dns.MxLookup;
import io.mxguard.dns.MxResult;
import io.mxguard.dns.Security;
import io.mxguard.dns.TlsaLookup;
import io.mxguard.dns.TlsaResult;
import io.mxguard.dns.ValidatingSecureResolver;
import io.mxguard.lab.dns.LabZones;
import java.time.Clock;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Type;

/**
 * HonestScenarios - what our validator says about the seed's tree through Alice's honest DNS
 * server: signed data SECURE, the unsigned delegation INSECURE, denials SECURE, Bob's TLSA found.
 * Subclasses choose the denial method (NSEC, NSEC3); one world per class, a fresh resolver (empty
 * cache) per test.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class HonestScenarios {
    static final int SMTP_PORT = 25;
    static final byte[] BOB_SPKI_SHA256 = new byte[32];

    DnsWorld world;
    ValidatingSecureResolver resolver;

    /** zones - the tree to serve, before signing. */
    abstract LabZones zones(LabZones seed);

    @BeforeAll
    void startWorld() throws Exception {
        LabZones seed = LabZones.seed(DnsWorld.pickAddresses(), SMTP_PORT).bobTlsa(3, 1, 1, BOB_SPKI_SHA256);
        world = DnsWorld.start(zones(seed), Clock.systemUTC());
    }

    @AfterAll
    void stopWorld() {
        if (world != null) {
            world.close();
        }
    }

    @BeforeEach
    void freshResolver() throws Exception {
        resolver = WorldResolvers.validating(world, world.honestResolver());
    }

    @AfterEach
    void closeResolver() {
        resolver.close();
    }

    @Test
    void honest_destinationMx_isSecure() throws Exception {
        DnsAnswer answer = resolver.lookup(LabZones.DESTINATION, Type.MX);
        assertThat(answer).as(answer.toString()).isInstanceOf(DnsAnswer.Records.class);
        assertThat(answer.security()).as(answer.reason()).isEqualTo(Security.SECURE);
        assertThat(answer.records()).singleElement()
                .satisfies(r -> assertThat(((MXRecord) r).getTarget()).isEqualTo(world.zones().bobMxHost()));
    }

    @Test
    void honest_bobMxAddress_isSecure() {
        HostAddresses addresses = new AddressLookup(resolver).lookup(world.zones().bobMxHost());
        assertThat(addresses.kind()).as(addresses.reason()).isEqualTo(HostAddresses.Kind.FOUND);
        assertThat(addresses.security()).as(addresses.reason()).isEqualTo(Security.SECURE);
        assertThat(addresses.addresses()).containsExactly(world.addresses().bobMx());
    }

    @Test
    void honest_unsignedMx_isInsecure() {
        DnsAnswer answer = resolver.lookup(LabZones.UNSIGNED, Type.MX);
        assertThat(answer).as(answer.toString()).isInstanceOf(DnsAnswer.Records.class);
        assertThat(answer.security()).as(answer.reason()).isEqualTo(Security.INSECURE);
    }

    @Test
    void honest_nonexistentName_isSecureNxDomain() throws Exception {
        DnsAnswer answer = resolver.lookup(Name.fromString("nope.destination.com."), Type.MX);
        assertThat(answer).as(answer.toString()).isInstanceOf(DnsAnswer.NxDomain.class);
        assertThat(answer.security()).as(answer.reason()).isEqualTo(Security.SECURE);
    }

    @Test
    void honest_nonexistentNameInCom_isSecureNxDomain() throws Exception {
        DnsAnswer answer = resolver.lookup(Name.fromString("nowhere.com."), Type.MX);
        assertThat(answer).as(answer.toString()).isInstanceOf(DnsAnswer.NxDomain.class);
        assertThat(answer.security()).as(answer.reason()).isEqualTo(Security.SECURE);
    }

    @Test
    void honest_existingNameWithoutThatType_isSecureNoData() {
        DnsAnswer answer = resolver.lookup(world.zones().bobMxHost(), Type.TXT);
        assertThat(answer).as(answer.toString()).isInstanceOf(DnsAnswer.NoData.class);
        assertThat(answer.security()).as(answer.reason()).isEqualTo(Security.SECURE);
    }

    @Test
    void honest_bobTlsa_isSecure_andTlsaLookupFindsIt() {
        Name owner = world.zones().tlsaName(world.zones().bobMxHost());
        DnsAnswer answer = resolver.lookup(owner, Type.TLSA);
        assertThat(answer).as(answer.toString()).isInstanceOf(DnsAnswer.Records.class);
        assertThat(answer.security()).as(answer.reason()).isEqualTo(Security.SECURE);

        HostAddresses host = new AddressLookup(resolver).lookup(world.zones().bobMxHost());
        TlsaResult tlsa = new TlsaLookup(resolver).lookup(host, SMTP_PORT);
        assertThat(tlsa).as(tlsa.toString()).isInstanceOfSatisfying(TlsaResult.Found.class, found -> {
            assertThat(found.security()).isEqualTo(Security.SECURE);
            assertThat(found.owner()).isEqualTo(owner);
            assertThat(found.records()).singleElement().satisfies(r -> {
                assertThat(r.getCertificateUsage()).isEqualTo(3);
                assertThat(r.getCertificateAssociationData()).isEqualTo(BOB_SPKI_SHA256);
            });
        });
    }

    @Test
    void honest_noTlsaAtUnsignedMx_isInsecureNotFound() {
        HostAddresses host = new AddressLookup(resolver).lookup(Name.fromConstantString("mx.unsigned.com."));
        TlsaResult tlsa = new TlsaLookup(resolver).lookup(host, SMTP_PORT);
        assertThat(tlsa).as(tlsa.toString()).isInstanceOf(TlsaResult.NotFound.class);
        assertThat(tlsa.security()).isEqualTo(Security.INSECURE);
    }

    @Test
    void honest_mxLookup_deliversToBob() {
        MxResult result = new MxLookup(resolver, new Random(1)).lookup(LabZones.DESTINATION);
        assertThat(result).as(result.toString()).isInstanceOfSatisfying(MxResult.Hosts.class, hosts -> {
            assertThat(hosts.security()).isEqualTo(Security.SECURE);
            assertThat(hosts.hosts()).extracting(MxResult.MxHost::host).containsExactly(world.zones().bobMxHost());
        });
    }
}
