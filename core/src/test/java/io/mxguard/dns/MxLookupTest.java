package io.mxguard.dns;

import static io.mxguard.dns.StubResolver.n;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Type;

class MxLookupTest {

    private static final String DOMAIN = "destination.com.";

    private static MXRecord mx(int pref, String host) {
        return new MXRecord(n(DOMAIN), DClass.IN, 300, pref, n(host));
    }

    private static ARecord a(String name, String ip) throws Exception {
        return new ARecord(n(name), DClass.IN, 300, InetAddress.getByName(ip));
    }

    private static List<String> hosts(MxResult result) {
        return ((MxResult.Hosts) result).hosts().stream().map(h -> h.host().toString()).toList();
    }

    @Test
    void mxHosts_sortedByPreference_withSecurityOfTheRRset() {
        var dns = new StubResolver().records(DOMAIN, Type.MX, Security.SECURE,
                mx(20, "backup.destination.com."), mx(10, "mx.destination.com."), mx(30, "last.destination.com."));

        MxResult result = new MxLookup(dns, new Random(1)).lookup(n(DOMAIN));

        assertThat(hosts(result)).containsExactly("mx.destination.com.", "backup.destination.com.",
                "last.destination.com.");
        assertThat(((MxResult.Hosts) result).hosts()).allSatisfy(h -> assertThat(h.security()).isEqualTo(Security.SECURE));
        assertThat(((MxResult.Hosts) result).implicit()).isFalse();
    }

    @Test
    void equalPreferences_areShuffled_deterministicallyWithASeededRandom() {
        var dns = new StubResolver().records(DOMAIN, Type.MX, Security.INSECURE,
                mx(10, "a.destination.com."), mx(10, "b.destination.com."), mx(10, "c.destination.com."),
                mx(5, "first.destination.com."), mx(50, "z.destination.com."));

        Set<List<String>> orders = new java.util.HashSet<>();
        for (int seed = 0; seed < 40; seed++) {
            List<String> order = hosts(new MxLookup(dns, new Random(seed)).lookup(n(DOMAIN)));
            assertThat(order.get(0)).isEqualTo("first.destination.com.");
            assertThat(order.get(4)).isEqualTo("z.destination.com.");
            assertThat(order.subList(1, 4)).containsExactlyInAnyOrder(
                    "a.destination.com.", "b.destination.com.", "c.destination.com.");
            orders.add(order);
        }
        assertThat(orders).hasSizeGreaterThan(1);
        assertThat(hosts(new MxLookup(dns, new Random(7)).lookup(n(DOMAIN))))
                .isEqualTo(hosts(new MxLookup(dns, new Random(7)).lookup(n(DOMAIN))));
    }

    @Test
    void nullMx_isPermanentFailure_5_1_10() {
        var dns = new StubResolver().records(DOMAIN, Type.MX, Security.SECURE, mx(0, "."));

        MxResult result = new MxLookup(dns, new Random(1)).lookup(n(DOMAIN));

        assertThat(result).isInstanceOf(MxResult.NullMx.class);
        assertThat(MxResult.NullMx.ENHANCED_STATUS).isEqualTo("5.1.10");
    }

    @Test
    void dotAmongOtherMx_isSkipped_notAHost() {
        var dns = new StubResolver().records(DOMAIN, Type.MX, Security.SECURE, mx(0, "."), mx(10, "mx.destination.com."));

        assertThat(hosts(new MxLookup(dns, new Random(1)).lookup(n(DOMAIN)))).containsExactly("mx.destination.com.");
    }

    @Test
    void noMx_isImplicitMx_withSecurityOfTheAddressRecords() throws Exception {
        var dns = new StubResolver().noData(DOMAIN, Type.MX, Security.SECURE)
                .records(DOMAIN, Type.A, Security.INSECURE, a(DOMAIN, "192.0.2.1"))
                .noData(DOMAIN, Type.AAAA, Security.SECURE);

        MxResult result = new MxLookup(dns, new Random(1)).lookup(n(DOMAIN));

        assertThat(result).isInstanceOfSatisfying(MxResult.Hosts.class, h -> {
            assertThat(h.implicit()).isTrue();
            assertThat(h.hosts()).containsExactly(new MxResult.MxHost(n(DOMAIN), 0, Security.INSECURE));
        });
    }

    @Test
    void noMx_andNoAddresses_isPermanent() {
        var dns = new StubResolver().noData(DOMAIN, Type.MX, Security.SECURE)
                .noData(DOMAIN, Type.A, Security.SECURE).noData(DOMAIN, Type.AAAA, Security.SECURE);

        assertThat(new MxLookup(dns, new Random(1)).lookup(n(DOMAIN))).isInstanceOf(MxResult.NoSuchDomain.class);
    }

    @Test
    void noMx_andAddressLookupFails_isDeferred() {
        var dns = new StubResolver().noData(DOMAIN, Type.MX, Security.SECURE)
                .failed(DOMAIN, Type.A, Security.BOGUS, "EDE 6").failed(DOMAIN, Type.AAAA, Security.BOGUS, "EDE 6");

        assertThat(new MxLookup(dns, new Random(1)).lookup(n(DOMAIN))).isInstanceOf(MxResult.Deferred.class);
    }

    @Test
    void nxDomain_isPermanent_domainDoesNotExist() {
        var dns = new StubResolver().nxDomain(DOMAIN, Type.MX, Security.SECURE);

        MxResult result = new MxLookup(dns, new Random(1)).lookup(n(DOMAIN));

        assertThat(result).isInstanceOfSatisfying(MxResult.NoSuchDomain.class,
                r -> assertThat(r.reason()).contains("does not exist"));
    }

    @Test
    void bogusMx_isDeferred_neverNoRecords() {
        var dns = new StubResolver().failed(DOMAIN, Type.MX, Security.BOGUS, "DNSSEC validation failed (EDE 6)");

        MxResult result = new MxLookup(dns, new Random(1)).lookup(n(DOMAIN));

        assertThat(result).isInstanceOfSatisfying(MxResult.Deferred.class, d -> {
            assertThat(d.security()).isEqualTo(Security.BOGUS);
            assertThat(d.reason()).contains("EDE 6");
        });
    }

    @Test
    void timeout_isDeferred() {
        var dns = new StubResolver().failed(DOMAIN, Type.MX, Security.INDETERMINATE, "timeout");

        assertThat(new MxLookup(dns, new Random(1)).lookup(n(DOMAIN))).isInstanceOf(MxResult.Deferred.class);
    }
}
