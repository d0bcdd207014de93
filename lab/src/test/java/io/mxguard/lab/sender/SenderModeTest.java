package io.mxguard.lab.sender;

import static org.assertj.core.api.Assertions.assertThat;

import io.mxguard.policy.TlsLevel;
import org.junit.jupiter.api.Test;

class SenderModeTest {

    @Test
    void ids_roundTrip_caseInsensitively_andUnknownIsEmpty() {
        for (SenderMode mode : SenderMode.values()) {
            assertThat(SenderMode.byId(mode.id())).contains(mode);
            assertThat(SenderMode.byId(mode.id().toUpperCase())).contains(mode);
            assertThat(mode.description()).isNotBlank();
        }
        assertThat(SenderMode.byId("mta-sts")).as("not until the engine enforces MTA-STS").isEmpty();
        assertThat(SenderMode.ids()).isEqualTo("plaintext, opportunistic, verify, dane-trust-ad, mxguard");
    }

    @Test
    void onlyMxguard_validates_andOnlyDaneTrustAd_believesTheAdBit() {
        assertThat(SenderMode.MXGUARD.dns()).isEqualTo(SenderMode.Dns.VALIDATING);
        assertThat(SenderMode.DANE_TRUST_AD.dns()).isEqualTo(SenderMode.Dns.AD_TRUSTING);
        assertThat(SenderMode.PLAINTEXT.level()).isEqualTo(TlsLevel.NONE);
        assertThat(SenderMode.OPPORTUNISTIC.level()).isEqualTo(TlsLevel.MAY);
        assertThat(SenderMode.VERIFY.level()).isEqualTo(TlsLevel.VERIFY);
        assertThat(SenderMode.DANE_TRUST_AD.level()).isEqualTo(TlsLevel.DANE);
        assertThat(SenderMode.MXGUARD.level()).isEqualTo(TlsLevel.DANE);
    }
}
