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
import io.mxguard.dns.UpstreamCheck;
import io.mxguard.dns.ValidatingSecureResolver;
import io.mxguard.lab.dns.HijackRule;
import io.mxguard.lab.dns.HijackRule.Signatures;
import io.mxguard.lab.dns.LabZones;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Type;

/**
 * HijackerScenarioTest - Alice's resolver is the attacker's (DESIGN §4): every lie of {@link
 * HijackRule} against our in-process validator. A forged answer is BOGUS with a reason and defers
 * the mail; a forged AD bit or an injected ADDITIONAL record changes nothing at all.
 *
 * <p>One world for the class; each test sets its rules and gets a fresh resolver (empty cache).
 */
class HijackerScenarioTest {
    static final int SMTP_PORT = 25;
    static final Name ATTACKER_MX = Name.fromConstantString("mx.attacker.net.");

    static DnsWorld world;
    static Name bobMx;
    static InetAddress attackerAddress;
    ValidatingSecureResolver hijacked;
    ValidatingSecureResolver honest;

    @BeforeAll
    static void startWorld() throws Exception {
        LabZones zones = LabZones.seed(DnsWorld.pickAddresses(), SMTP_PORT).bobTlsa(3, 1, 1, new byte[32]);
        world = DnsWorld.start(zones, Clock.systemUTC());
        bobMx = zones.bobMxHost();
        attackerAddress = zones.addresses().attackerMx();
    }

    @AfterAll
    static void stopWorld() {
        if (world != null) {
            world.close();
        }
    }

    @BeforeEach
    void resolvers() throws Exception {
        world.hijack(List.of());
        hijacked = WorldResolvers.validating(world, world.hijackingResolver());
        honest = WorldResolvers.validating(world, world.honestResolver());
    }

    @AfterEach
    void closeResolvers() {
        world.hijack(List.of());
        hijacked.close();
        honest.close();
    }

    @Test
    void hijackerWithoutRules_forwardsHonestly_isSecure() {
        DnsAnswer answer = hijacked.lookup(LabZones.DESTINATION, Type.MX);
        assertThat(answer.security()).as(answer.toString()).isEqualTo(Security.SECURE);
    }

    @ParameterizedTest(name = "hijacker_mxRewritten_{0}_isBogus")
    @EnumSource(Signatures.class)
    void hijacker_mxRewritten_isBogus(Signatures signatures) {
        world.hijack(List.of(HijackRule.rewriteMx(LabZones.DESTINATION, ATTACKER_MX, signatures)));
        assertBogus(hijacked.lookup(LabZones.DESTINATION, Type.MX));
    }

    @ParameterizedTest(name = "hijacker_bobAddressRewritten_{0}_isBogus")
    @EnumSource(Signatures.class)
    void hijacker_bobAddressRewritten_isBogus(Signatures signatures) {
        world.hijack(List.of(HijackRule.rewriteAddress(bobMx, attackerAddress, signatures)));
        assertBogus(hijacked.lookup(bobMx, Type.A));
        HostAddresses host = new AddressLookup(hijacked).lookup(bobMx);
        assertThat(host.addresses()).as(host.reason()).doesNotContain(attackerAddress);
        assertThat(host.kind()).as(host.reason()).isEqualTo(HostAddresses.Kind.FAILED);
    }

    @ParameterizedTest(name = "hijacker_mxRewritten_{0}_mxLookupDefers")
    @EnumSource(Signatures.class)
    void hijacker_mxRewritten_mxLookupDefers_neverTheAttacker(Signatures signatures) {
        world.hijack(List.of(HijackRule.rewriteMx(LabZones.DESTINATION, ATTACKER_MX, signatures)));
        MxResult result = new MxLookup(hijacked, new Random(1)).lookup(LabZones.DESTINATION);
        assertThat(result).as(result.toString()).isInstanceOfSatisfying(MxResult.Deferred.class, deferred -> {
            assertThat(deferred.security()).isEqualTo(Security.BOGUS);
            assertThat(deferred.reason()).isNotBlank();
        });
    }

    // The limit of DNSSEC, stated: an unsigned domain's MX can be forged undetectably; only its
    // INSECURE verdict tells the sender that DANE cannot apply (MTA-STS is the fallback, DESIGN §1).
    @Test
    void hijacker_unsignedDomainMxRewritten_isInsecure_neverSecure() {
        world.hijack(List.of(HijackRule.rewriteMx(LabZones.UNSIGNED, ATTACKER_MX, Signatures.STRIP)));
        DnsAnswer answer = hijacked.lookup(LabZones.UNSIGNED, Type.MX);
        assertThat(answer.security()).as(answer.toString()).isEqualTo(Security.INSECURE);
        assertThat(answer.records()).singleElement().isInstanceOfSatisfying(MXRecord.class,
                r -> assertThat(r.getTarget()).isEqualTo(ATTACKER_MX));
    }

    @Test
    void hijacker_forgedAdOnHonestData_changesNothing() throws Exception {
        world.hijack(List.of(HijackRule.setAd()));
        for (var q : List.of(new Question(LabZones.DESTINATION, Type.MX), new Question(LabZones.UNSIGNED, Type.MX),
                new Question(Name.fromString("mx.unsigned.com."), Type.A),
                new Question(Name.fromString("nope.destination.com."), Type.MX), new Question(bobMx, Type.TXT))) {
            DnsAnswer expected = honest.lookup(q.name(), q.type());
            DnsAnswer actual = hijacked.lookup(q.name(), q.type());
            assertThat(actual.getClass()).as(q + ": " + actual).isEqualTo(expected.getClass());
            assertThat(actual.security()).as(q + ": " + actual).isEqualTo(expected.security());
            assertThat(actual.records()).as(q + ": " + actual).isEqualTo(expected.records());
        }
        // The forged AD must not lift the unsigned zone to SECURE.
        assertThat(hijacked.lookup(LabZones.UNSIGNED, Type.MX).security()).isEqualTo(Security.INSECURE);
    }

    @Test
    void hijacker_forgedAdWithRewrittenMx_isBogus() {
        world.hijack(List.of(HijackRule.rewriteMx(LabZones.DESTINATION, ATTACKER_MX, Signatures.STRIP),
                HijackRule.setAd()));
        assertBogus(hijacked.lookup(LabZones.DESTINATION, Type.MX));
    }

    @ParameterizedTest(name = "hijacker_tlsaDropped_{0}_tlsaLookupFails")
    @EnumSource(HijackRule.Denial.class)
    void hijacker_tlsaDropped_tlsaLookupFails_neverNotFound(HijackRule.Denial denial) {
        HostAddresses host = new AddressLookup(hijacked).lookup(bobMx); // before the lie: SECURE addresses
        assertThat(host.security()).as(host.reason()).isEqualTo(Security.SECURE);
        world.hijack(List.of(HijackRule.dropTlsa(denial)));
        assertBogus(hijacked.lookup(world.zones().tlsaName(bobMx), Type.TLSA));
        TlsaResult tlsa = new TlsaLookup(hijacked).lookup(host, SMTP_PORT);
        assertThat(tlsa).as(tlsa.toString()).isInstanceOfSatisfying(TlsaResult.Failed.class, failed -> {
            assertThat(failed.security()).isEqualTo(Security.BOGUS);
            assertThat(failed.reason()).isNotBlank();
        });
    }

    @Test
    void hijacker_stripsDnssec_isBogus_andStartupProbeSaysSo() {
        world.hijack(List.of(HijackRule.stripDnssec()));
        assertBogus(hijacked.lookup(LabZones.DESTINATION, Type.MX));
        // Without the signed DS denial in com., not even the unsigned zone can be proven insecure.
        assertThat(hijacked.lookup(LabZones.UNSIGNED, Type.MX).security()).isEqualTo(Security.BOGUS);

        var upstream = WorldResolvers.upstream(world.hijackingResolver());
        UpstreamCheck.Result probe = UpstreamCheck.probe(upstream, Name.root, Optional.of(LabZones.COM),
                Duration.ofSeconds(2));
        assertThat(probe).as(probe.toString()).isInstanceOfSatisfying(UpstreamCheck.StripsDnssec.class, strips -> {
            assertThat(strips.missing()).isNotEmpty();
            assertThat(strips.message()).contains(upstream.toString()).contains("strips DNSSEC");
        });
    }

    @Test
    void honestServer_startupProbe_passes() {
        var upstream = WorldResolvers.upstream(world.honestResolver());
        UpstreamCheck.Result probe = UpstreamCheck.probe(upstream, Name.root, Optional.of(LabZones.COM),
                Duration.ofSeconds(2));
        assertThat(probe).as(probe.toString()).isInstanceOf(UpstreamCheck.Passes.class);
    }

    @Test
    void hijacker_injectsForgedAddressInAdditional_ourAnswersUnchanged() {
        world.hijack(List.of(HijackRule.injectAdditional(new ARecord(bobMx, DClass.IN, 3600, attackerAddress))));
        DnsAnswer mx = hijacked.lookup(LabZones.DESTINATION, Type.MX);
        assertThat(mx.security()).as(mx.toString()).isEqualTo(Security.SECURE);
        assertThat(mx.records()).singleElement().isInstanceOfSatisfying(MXRecord.class,
                r -> assertThat(r.getTarget()).isEqualTo(bobMx));

        HostAddresses host = new AddressLookup(hijacked).lookup(bobMx);
        assertThat(host.security()).as(host.reason()).isEqualTo(Security.SECURE);
        assertThat(host.addresses()).containsExactly(world.addresses().bobMx());
        for (DnsAnswer a : List.of(mx, host.a(), host.aaaa())) {
            assertThat(a.records()).noneMatch(r -> r instanceof ARecord ar && ar.getAddress().equals(attackerAddress));
        }
    }

    private static void assertBogus(DnsAnswer answer) {
        assertThat(answer).as(answer.toString()).isInstanceOf(DnsAnswer.Failed.class);
        assertThat(answer.security()).as(answer.toString()).isEqualTo(Security.BOGUS);
        assertThat(answer.reason()).as(answer.toString()).isNotBlank();
        assertThat(answer.records()).isEmpty();
    }

    record Question(Name name, int type) {
        @Override
        public String toString() {
            return name + "/" + Type.string(type);
        }
    }
}
