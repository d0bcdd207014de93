package io.mxguard.lab.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.mxguard.delivery.DeliveryReport;
import io.mxguard.delivery.RecipientOutcome;
import io.mxguard.lab.dns.HijackRule;
import io.mxguard.lab.dns.HijackRule.Signatures;
import io.mxguard.lab.dns.LabZones;
import io.mxguard.lab.smtp.LabFault;
import io.mxguard.lab.world.LabWorld;
import io.mxguard.policy.Assurance;
import io.mxguard.policy.TlsLevel;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.xbill.DNS.Name;

/**
 * Scenario tests of the DANE delivery engine on the lab world. Every assertion about where mail
 * went is made on the servers' own records (what Bob's MX stored, what the attacker's MX saw),
 * not on the sender's log.
 */
class DaneDeliveryScenarioTest {
    private static final Name ATTACKER_MX = Name.fromConstantString("mx.attacker.net.");
    private static LabWorld world;
    private LabSender alice;
    private int bobBefore;

    @BeforeAll
    static void startWorld() throws Exception {
        world = LabWorld.start();
    }

    @AfterAll
    static void stopWorld() {
        world.close();
    }

    @BeforeEach
    void honestWorld() {
        world.dns().hijack(List.of());
        world.bobMx().faults();
        world.attackerMx().faults();
        alice = new LabSender(world);
        bobBefore = world.bobMx().messages().size();
    }

    @AfterEach
    void attackerNeverSawMail() {
        assertThat(world.attackerMx().sawVerb("MAIL")).as("the attacker's MX saw a MAIL FROM").isFalse();
    }

    @Test
    void honestResolver_daneEe_deliveredToBob_verified() throws Exception {
        DeliveryReport report = alice.send(world.dns().honestResolver(), TlsLevel.DANE);

        RecipientOutcome bob = report.recipients().get(0);
        assertThat(bob.status()).as(bob.reason()).isEqualTo(RecipientOutcome.Status.DELIVERED);
        assertThat(bob.route()).get().satisfies(r -> {
            assertThat(r.tls().level()).isEqualTo(Assurance.VERIFIED);
            assertThat(r.tls().how()).isEqualTo("DANE-EE");
            assertThat(r.host()).hasToString("mx.destination.com.");
        });
        assertThat(world.bobMx().messages()).hasSize(bobBefore + 1);
        var received = world.bobMx().messages().get(bobBefore);
        assertThat(received.tls()).as("Bob received it over TLS").isPresent();
        assertThat(received.tls().get().sniReceived()).contains("mx.destination.com");
        assertThat(new String(received.data())).contains("Subject: Quarterly numbers");
    }

    static Stream<List<HijackRule>> tamperings() {
        Name bob = Name.fromConstantString("mx.destination.com.");
        return Stream.of(
                List.of(HijackRule.rewriteMx(LabZones.DESTINATION, ATTACKER_MX, Signatures.STRIP)),
                List.of(HijackRule.rewriteMx(LabZones.DESTINATION, ATTACKER_MX, Signatures.KEEP_STALE)),
                List.of(HijackRule.rewriteMx(LabZones.DESTINATION, ATTACKER_MX, Signatures.STRIP), HijackRule.setAd()),
                List.of(HijackRule.rewriteAddress(bob, world.addresses().attackerMx(), Signatures.STRIP)),
                List.of(HijackRule.rewriteAddress(bob, world.addresses().attackerMx(), Signatures.KEEP_STALE)),
                List.of(HijackRule.dropTlsa(HijackRule.Denial.NODATA)),
                List.of(HijackRule.dropTlsa(HijackRule.Denial.NXDOMAIN)),
                List.of(HijackRule.stripDnssec()));
    }

    @ParameterizedTest
    @MethodSource("tamperings")
    void hijackingResolver_eachTampering_defers_andNobodyGetsTheMail(List<HijackRule> rules) throws Exception {
        world.dns().hijack(rules);

        DeliveryReport report = alice.send(world.dns().hijackingResolver(), TlsLevel.DANE);

        assertThat(report.worst()).as(report.toString()).isEqualTo(RecipientOutcome.Status.DEFERRED);
        assertThat(report.recipients().get(0).enhancedStatus()).isEqualTo("4.7.5");
        assertThat(world.bobMx().messages()).hasSize(bobBefore);
    }

    @Test
    void hijackingResolverWithoutRules_isJustAForwarder_delivered() throws Exception {
        DeliveryReport report = alice.send(world.dns().hijackingResolver(), TlsLevel.DANE);
        assertThat(report.worst()).isEqualTo(RecipientOutcome.Status.DELIVERED);
    }

    @Test
    void tlsaMismatch_attackerCertificateAtBobsAddress_defers475_nothingSent() throws Exception {
        int commandsBefore = world.bobMx().commands().size();
        world.bobMx().faults(new LabFault.TlsCertificate(world.attackerCertificate()));

        DeliveryReport report = alice.send(world.dns().honestResolver(), TlsLevel.DANE);

        RecipientOutcome bob = report.recipients().get(0);
        assertThat(bob.status()).isEqualTo(RecipientOutcome.Status.DEFERRED);
        assertThat(bob.enhancedStatus()).isEqualTo("4.7.5");
        assertThat(bob.reason()).contains("DANE NO_MATCH");
        assertThat(world.bobMx().messages()).hasSize(bobBefore);
        assertThat(world.bobMx().commands().subList(commandsBefore, world.bobMx().commands().size()))
                .noneMatch(c -> c.line().regionMatches(true, 0, "MAIL", 0, 4));
    }

    @Test
    void usableTlsaButStartTlsStripped_defers_noMailFrom() throws Exception {
        int commandsBefore = world.bobMx().commands().size();
        world.bobMx().faults(new LabFault.NoStartTls());

        DeliveryReport report = alice.send(world.dns().honestResolver(), TlsLevel.DANE);

        assertThat(report.worst()).isEqualTo(RecipientOutcome.Status.DEFERRED);
        assertThat(report.recipients().get(0).enhancedStatus()).isEqualTo("4.7.5");
        assertThat(world.bobMx().commands().subList(commandsBefore, world.bobMx().commands().size()))
                .noneMatch(c -> c.line().regionMatches(true, 0, "MAIL", 0, 4));
    }

    @Test
    void levelMay_startTlsStripped_deliversInPlaintext_butDaneStillWins() throws Exception {
        // With a secure TLSA published, even "may" is raised to DANE (DANE takes precedence): no plaintext.
        world.bobMx().faults(new LabFault.NoStartTls());
        DeliveryReport report = alice.send(world.dns().honestResolver(), TlsLevel.MAY);
        assertThat(report.worst()).isEqualTo(RecipientOutcome.Status.DEFERRED);
        assertThat(world.bobMx().messages()).hasSize(bobBefore);
    }

    @Test
    void levelVerify_withLabPublicCa_deliveredVerifiedByPkix() throws Exception {
        DeliveryReport report = alice.send(world.dns().honestResolver(), TlsLevel.VERIFY);
        RecipientOutcome bob = report.recipients().get(0);
        assertThat(bob.status()).as(bob.reason()).isEqualTo(RecipientOutcome.Status.DELIVERED);
        // DANE takes precedence over verify when TLSA is published.
        assertThat(bob.route().get().tls().how()).isEqualTo("DANE-EE");
    }
}
