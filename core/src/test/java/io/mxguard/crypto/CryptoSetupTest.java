package io.mxguard.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.Security;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class CryptoSetupTest {

    @Test
    void install_putsBouncyCastleFirst_once() {
        CryptoSetup.install();
        CryptoSetup.install();

        assertThat(Security.getProviders()[0].getName()).isEqualTo("BC");
        assertThat(Arrays.stream(Security.getProviders()).filter(p -> p.getName().equals("BC"))).hasSize(1);
        assertThat(System.getProperty("org.slf4j.simpleLogger.log.org.xbill.DNS.dnssec")).isNotNull();
    }
}
