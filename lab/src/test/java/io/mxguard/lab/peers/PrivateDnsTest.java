package io.mxguard.lab.peers;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What makes a resolv.conf fit for a peer that must only ever ask the lab's private resolver. */
class PrivateDnsTest {

    @Test
    void theNamespacesOwnResolvConfIsFit() {
        assertThat(PrivateDns.resolvConfProblem(PrivateDns.RESOLV_CONF)).isEmpty();
        assertThat(PrivateDns.resolvConfProblem("# private\nnameserver 127.0.0.53\nnameserver ::1\n"
                + "options edns0 trust-ad\n")).isEmpty();
    }

    @Test
    void anyOutsideNameserverIsRefusedByName() {
        assertThat(PrivateDns.resolvConfProblem("nameserver 127.0.0.1\nnameserver 10.255.255.53\noptions trust-ad\n"))
                .contains("names nameserver 10.255.255.53, not a loopback address");
        // Only address literals: a name would need a lookup to judge.
        assertThat(PrivateDns.resolvConfProblem("nameserver localhost\noptions trust-ad\n")).isPresent();
    }

    @Test
    void noNameserverOrNoTrustAdIsRefused() {
        assertThat(PrivateDns.resolvConfProblem("search lab\n")).contains("names no nameserver");
        assertThat(PrivateDns.resolvConfProblem("nameserver 127.0.0.1\n")).get().asString().contains("trust-ad");
    }
}
