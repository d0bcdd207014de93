package io.mxguard.lab.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.mxguard.delivery.DeliveryReport;
import io.mxguard.delivery.RecipientOutcome;
import io.mxguard.lab.smtp.LabFault;
import io.mxguard.lab.world.LabPki;
import io.mxguard.lab.world.LabWorld;
import io.mxguard.lab.world.TlsaPublication;
import io.mxguard.pki.CertificateSpec;
import io.mxguard.pki.Certificates;
import io.mxguard.policy.Assurance;
import io.mxguard.policy.TlsLevel;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** DANE-TA (2 0 1 of Bob's private CA) and worlds without TLSA (PKIX and opportunistic levels). */
class DaneTaAndPkixScenarioTest {

    @Test
    void daneTa_bobCertFromPrivateCa_deliveredVerified_daneTa() throws Exception {
        try (LabWorld world = LabWorld.start(LabWorld.Options.defaults().withTlsa(TlsaPublication.DANE_TA)
                .withBobIssuer(LabPki.Issuer.PRIVATE_CA))) {
            DeliveryReport report = new LabSender(world).send(world.dns().honestResolver(), TlsLevel.DANE);
            RecipientOutcome bob = report.recipients().get(0);
            assertThat(bob.status()).as(bob.reason()).isEqualTo(RecipientOutcome.Status.DELIVERED);
            assertThat(bob.route().get().tls().how()).isEqualTo("DANE-TA");
            assertThat(bob.route().get().tls().level()).isEqualTo(Assurance.VERIFIED);
            assertThat(world.bobMx().messages()).hasSize(1);
        }
    }

    @Test
    void daneTa_leafNamesAnotherHost_defers475_nameMismatch() throws Exception {
        try (LabWorld world = LabWorld.start(LabWorld.Options.defaults().withTlsa(TlsaPublication.DANE_TA)
                .withBobIssuer(LabPki.Issuer.PRIVATE_CA))) {
            Instant now = Instant.now();
            var wrongName = Certificates.issue(CertificateSpec.server(now.minus(Duration.ofHours(1)),
                    now.plus(Duration.ofDays(1)), "mail.elsewhere.example"), world.pki().bobPrivateCa());
            world.bobMx().faults(new LabFault.TlsCertificate(wrongName));

            DeliveryReport report = new LabSender(world).send(world.dns().honestResolver(), TlsLevel.DANE);

            RecipientOutcome bob = report.recipients().get(0);
            assertThat(bob.status()).isEqualTo(RecipientOutcome.Status.DEFERRED);
            assertThat(bob.enhancedStatus()).isEqualTo("4.7.5");
            assertThat(bob.reason()).contains("NAME_MISMATCH");
            assertThat(world.bobMx().messages()).isEmpty();
        }
    }

    @Test
    void noTlsa_levelDane_isOpportunistic_untrusted() throws Exception {
        try (LabWorld world = LabWorld.start(LabWorld.Options.defaults().withTlsa(TlsaPublication.NONE))) {
            DeliveryReport report = new LabSender(world).send(world.dns().honestResolver(), TlsLevel.DANE);
            RecipientOutcome bob = report.recipients().get(0);
            assertThat(bob.status()).as(bob.reason()).isEqualTo(RecipientOutcome.Status.DELIVERED);
            assertThat(bob.route().get().tls().level()).isEqualTo(Assurance.UNTRUSTED);
        }
    }

    @Test
    void noTlsa_levelVerify_attackerNamedCertAtBob_isRefused_thenBobsOwnIsVerified() throws Exception {
        try (LabWorld world = LabWorld.start(LabWorld.Options.defaults().withTlsa(TlsaPublication.NONE))) {
            world.bobMx().faults(new LabFault.TlsCertificate(world.attackerCertificate()));
            DeliveryReport refused = new LabSender(world).send(world.dns().honestResolver(), TlsLevel.VERIFY);
            assertThat(refused.worst()).isEqualTo(RecipientOutcome.Status.DEFERRED);
            assertThat(refused.recipients().get(0).reason()).contains("PKIX NAME_MISMATCH");
            assertThat(world.bobMx().messages()).isEmpty();

            world.bobMx().faults();
            DeliveryReport ok = new LabSender(world).send(world.dns().honestResolver(), TlsLevel.VERIFY);
            RecipientOutcome bob = ok.recipients().get(0);
            assertThat(bob.status()).as(bob.reason()).isEqualTo(RecipientOutcome.Status.DELIVERED);
            assertThat(bob.route().get().tls().how()).isEqualTo("PKIX");
            assertThat(bob.route().get().tls().level()).isEqualTo(Assurance.VERIFIED);
        }
    }

    @Test
    void noTlsa_levelMay_startTlsStripped_deliveredInPlaintext_levelNone() throws Exception {
        try (LabWorld world = LabWorld.start(LabWorld.Options.defaults().withTlsa(TlsaPublication.NONE))) {
            world.bobMx().faults(new LabFault.NoStartTls());
            DeliveryReport report = new LabSender(world).send(world.dns().honestResolver(), TlsLevel.MAY);
            RecipientOutcome bob = report.recipients().get(0);
            assertThat(bob.status()).isEqualTo(RecipientOutcome.Status.DELIVERED);
            assertThat(bob.route().get().tls().level()).isEqualTo(Assurance.NONE);
            assertThat(world.bobMx().messages().get(0).tls()).isEmpty();
        }
    }

    @Test
    void noTlsa_levelEncrypt_startTlsStripped_defers() throws Exception {
        try (LabWorld world = LabWorld.start(LabWorld.Options.defaults().withTlsa(TlsaPublication.NONE))) {
            world.bobMx().faults(new LabFault.NoStartTls());
            DeliveryReport report = new LabSender(world).send(world.dns().honestResolver(), TlsLevel.ENCRYPT);
            assertThat(report.worst()).isEqualTo(RecipientOutcome.Status.DEFERRED);
            assertThat(world.bobMx().messages()).isEmpty();
        }
    }
}
