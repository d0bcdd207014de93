package io.mxguard.lab.peers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The three flavours' configuration text: what each may reach, and where the DNS is used at all. */
class PostfixConfigTest {
    private static final Path ROOT = Path.of("/tmp/pf");
    private static final InetSocketAddress LISTEN = new InetSocketAddress("127.0.0.1", 2525);

    private static PostfixConfig config(PostfixConfig.Route route) {
        return new PostfixConfig(ROOT, LISTEN, "source.com", 1000, 1000, null, route);
    }

    @Test
    void receivingAndRelayhostFlavoursNeverUseTheDns() {
        String receiving = new PostfixConfig(ROOT, LISTEN, "destination.com", 1000, 1000, null).mainCf();
        String relaying = config(new PostfixConfig.Relayhost(new InetSocketAddress("127.0.0.1", 2526))).mainCf();
        for (String text : new String[] {receiving, relaying}) {
            assertThat(text).contains("smtp_dns_support_level = disabled\n", "disable_dns_lookups = yes\n")
                    .doesNotContain("transport_maps");
        }
        assertThat(relaying).contains("relayhost = [127.0.0.1]:2526\n", "smtp_tls_security_level = may\n");
        assertThat(receiving).contains("default_transport = error:");
    }

    @Test
    void daneFlavourLooksUpTheMxOfOneDomainOnItsPortAndRequiresDane() {
        String text = config(new PostfixConfig.DaneMx("destination.com", 2587, false)).mainCf();
        assertThat(text)
                // No brackets: an MX lookup, and the port is used for every MX host (and TLSA at _2587._tcp).
                .contains("transport_maps = inline:{destination.com=smtp:destination.com:2587}\n")
                .contains("default_transport = error:", "relayhost =\n")
                .contains("smtp_dns_support_level = dnssec\n", "smtp_tls_security_level = dane\n")
                .contains("smtp_tls_connection_reuse = no\n", "smtp_tls_CAfile =\n")
                .doesNotContain("disable_dns_lookups", "smtp_dns_support_level = disabled");
        assertThat(config(new PostfixConfig.DaneMx("destination.com", 2587, true)).mainCf())
                .contains("smtp_tls_connection_reuse = yes\n");
        // Each key once: Postfix would take the last of two and warn.
        assertThat(text.lines().map(l -> l.substring(0, l.indexOf(" =")))).doesNotHaveDuplicates();
    }

    @Test
    void sendingFlavoursHaveTheSmtpClientAndTlsproxyReceivingHasNoClient() {
        assertThat(config(new PostfixConfig.DaneMx("destination.com", 25, true)).masterCf())
                .contains("\nsmtp      unix", "\ntlsproxy  unix");
        assertThat(new PostfixConfig(ROOT, LISTEN, "destination.com", 1000, 1000, null).masterCf())
                .doesNotContain("\nsmtp ", "tlsproxy");
    }

    @Test
    void routesRejectWhatPostfixWouldMisread() {
        assertThatThrownBy(() -> new PostfixConfig.DaneMx("destination.com;x", 25, false))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PostfixConfig.DaneMx("destination.com", 0, false))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PostfixConfig.Relayhost(new InetSocketAddress("192.0.2.1", 25)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
