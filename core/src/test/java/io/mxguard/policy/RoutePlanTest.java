package io.mxguard.policy;

import static io.mxguard.dns.Security.INSECURE;
import static io.mxguard.dns.Security.SECURE;
import static io.mxguard.policy.Facts.n;
import static org.assertj.core.api.Assertions.assertThat;

import io.mxguard.dns.MxResult;
import io.mxguard.dns.Security;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.TLSARecord;
import org.xbill.DNS.Type;

/** RoutePlanTest - the planner driving its own lookups through a resolver, and what a plan adds up to. */
class RoutePlanTest {

    private static final Name DOMAIN = Facts.NEXT_HOP;
    private static final Name MX1 = n("mx1.destination.com");
    private static final Name MX2 = n("mx2.destination.com");

    private static TLSARecord daneEe(Name owner) {
        return new TLSARecord(owner, DClass.IN, 300, 3, 1, 1, new byte[32]);
    }

    private static MxResult.Hosts mx(Security security, Name... hosts) {
        List<MxResult.MxHost> list = new java.util.ArrayList<>();
        for (int i = 0; i < hosts.length; i++) {
            list.add(new MxResult.MxHost(hosts[i], 10 * (i + 1), security));
        }
        return new MxResult.Hosts(DOMAIN, list, security, false);
    }

    private static LocalPolicy policy(TlsLevel minimum, String... table) throws Exception {
        return new LocalPolicy(TlsLevel.DANE, minimum, PolicyTable.parse("tls_policy", List.of(table)));
    }

    @Test
    void tlsaBogusOnFirstMx_skipsIt_deliversViaSecondUnderDane() {
        var dns = new PolicyStubResolver().host(MX1, SECURE).host(MX2, SECURE)
                .failed(n("_25._tcp.mx1.destination.com"), Type.TLSA, Security.BOGUS, "EDE 6: DNSSEC Bogus")
                .records(n("_25._tcp.mx2.destination.com"), Type.TLSA, SECURE, daneEe(n("_25._tcp.mx2.destination.com")));

        RoutePlan plan = new RoutePlanner(dns, LocalPolicy.defaults(), 25).plan(mx(SECURE, MX1, MX2));

        assertThat(plan.skips()).singleElement().satisfies(s -> {
            assertThat(s.host().host()).isEqualTo(MX1);
            assertThat(s.cause()).isEqualTo(SkipCause.DNSSEC_BOGUS);
            assertThat(s.reason()).contains("EDE 6");
        });
        assertThat(plan.verdict()).isInstanceOfSatisfying(RoutePlan.Verdict.Deliver.class, d ->
                assertThat(d.routes()).singleElement().satisfies(u -> {
                    assertThat(u.host().host()).isEqualTo(MX2);
                    assertThat(u.requirement().mode()).isInstanceOf(TlsMode.Dane.class);
                    assertThat(u.requirement().onSuccess()).isEqualTo(Assurance.VERIFIED);
                }));
    }

    @Test
    void insecureAddresses_tlsaIsNeverAsked() {
        var dns = new PolicyStubResolver().host(MX1, INSECURE);

        RoutePlan plan = new RoutePlanner(dns, LocalPolicy.defaults(), 25).plan(mx(SECURE, MX1));

        assertThat(dns.asked()).containsExactlyInAnyOrder("mx1.destination.com/A", "mx1.destination.com/AAAA");
        assertThat(plan.routes().get(0).requirement().level()).isEqualTo(TlsLevel.MAY);
    }

    @Test
    void port_namesTheTlsaOwner() {
        var dns = new PolicyStubResolver().host(MX1, SECURE)
                .records(n("_2525._tcp.mx1.destination.com"), Type.TLSA, SECURE, daneEe(n("_2525._tcp.mx1.destination.com")));

        RoutePlan plan = new RoutePlanner(dns, LocalPolicy.defaults(), 2525).plan(mx(SECURE, MX1));

        assertThat(plan.routes().get(0).requirement().why()).contains("TLSA _2525._tcp.mx1.destination.com: 1 usable record");
    }

    @Test
    void tableNone_secureTlsa_stillDane_theTableCannotDowngradeDane() throws Exception {
        var dns = new PolicyStubResolver().host(MX1, SECURE)
                .records(n("_25._tcp.mx1.destination.com"), Type.TLSA, SECURE, daneEe(n("_25._tcp.mx1.destination.com")));

        RoutePlan plan = new RoutePlanner(dns, policy(TlsLevel.NONE, "destination.com none"), 25).plan(mx(SECURE, MX1));

        assertThat(plan.routes().get(0).requirement().mandatoryTls()).isTrue();
        assertThat(plan.routes().get(0).requirement().authenticated()).isTrue();
    }

    @Test
    void allHostsTlsaFailed_defers443() {
        var dns = new PolicyStubResolver().host(MX1, SECURE).host(MX2, SECURE); // no TLSA answers: lookups fail

        RoutePlan.Verdict v = new RoutePlanner(dns, LocalPolicy.defaults(), 25).plan(mx(SECURE, MX1, MX2)).verdict();

        assertThat(v).isInstanceOfSatisfying(RoutePlan.Verdict.Defer.class, d -> {
            assertThat(d.enhancedStatus()).isEqualTo("4.4.3");
            assertThat(d.reason()).contains("mx1.destination.com: ").contains("mx2.destination.com: ");
        });
    }

    @Test
    void daneOnly_oneHostWithoutDane_oneTlsaFailed_defers475() throws Exception {
        var dns = new PolicyStubResolver().host(MX1, SECURE).host(MX2, SECURE)
                .noData(n("_25._tcp.mx1.destination.com"), Type.TLSA, SECURE);

        RoutePlan.Verdict v = new RoutePlanner(dns, policy(TlsLevel.NONE, "destination.com dane-only"), 25)
                .plan(mx(SECURE, MX1, MX2)).verdict();

        assertThat(v).isInstanceOfSatisfying(RoutePlan.Verdict.Defer.class,
                d -> assertThat(d.enhancedStatus()).isEqualTo("4.7.5"));
    }

    @Test
    void noHostHasAddresses_bounces544() {
        var dns = new PolicyStubResolver()
                .noData(MX1, Type.A, SECURE).noData(MX1, Type.AAAA, SECURE);

        RoutePlan.Verdict v = new RoutePlanner(dns, LocalPolicy.defaults(), 25).plan(mx(SECURE, MX1)).verdict();

        assertThat(v).isInstanceOfSatisfying(RoutePlan.Verdict.Bounce.class,
                b -> assertThat(b.enhancedStatus()).isEqualTo("5.4.4"));
    }

    @Test
    void oneHostWithoutAddresses_oneFailing_defersRatherThanBounce() {
        var dns = new PolicyStubResolver().noData(MX1, Type.A, SECURE).noData(MX1, Type.AAAA, SECURE);

        RoutePlan.Verdict v = new RoutePlanner(dns, LocalPolicy.defaults(), 25).plan(mx(SECURE, MX1, MX2)).verdict();

        assertThat(v).isInstanceOfSatisfying(RoutePlan.Verdict.Defer.class,
                d -> assertThat(d.enhancedStatus()).isEqualTo("4.4.3"));
    }
}
