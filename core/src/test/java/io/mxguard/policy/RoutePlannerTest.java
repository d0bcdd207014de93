package io.mxguard.policy;

import static io.mxguard.dns.Security.INSECURE;
import static io.mxguard.dns.Security.SECURE;
import static io.mxguard.policy.Facts.MX;
import static io.mxguard.policy.Facts.NEXT_HOP;
import static io.mxguard.policy.Facts.addresses;
import static io.mxguard.policy.Facts.found;
import static io.mxguard.policy.Facts.host;
import static io.mxguard.policy.Facts.hosts;
import static io.mxguard.policy.Facts.n;
import static io.mxguard.policy.Facts.notFound;
import static io.mxguard.policy.Facts.tlsa;
import static io.mxguard.policy.Facts.tlsaFailed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RoutePlannerTest {

    /** Expect - what one row's single route decision must be. */
    sealed interface Expect {
    }

    record UseAt(TlsLevel level, TlsMode.Kind mode, Assurance onSuccess, String whyContains) implements Expect {
    }

    record SkipWith(SkipCause cause, String status, boolean temporary, String reasonContains) implements Expect {
    }

    private static UseAt use(TlsLevel level, TlsMode.Kind mode, Assurance onSuccess, String whyContains) {
        return new UseAt(level, mode, onSuccess, whyContains);
    }

    private static SkipWith skip(SkipCause cause, String status, String reasonContains) {
        return new SkipWith(cause, status, cause.temporary(), reasonContains);
    }

    private static LocalPolicy policy(TlsLevel minimum, String... table) {
        try {
            return new LocalPolicy(TlsLevel.DANE, minimum, PolicyTable.parse("tls_policy", List.of(table)));
        } catch (PolicyTableException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static final LocalPolicy DEFAULTS = LocalPolicy.defaults();

    static Stream<Arguments> situations() {
        var secureAddr = addresses(MX, SECURE);
        var insecureAddr = addresses(MX, INSECURE);
        var daneEe = found(SECURE, tlsa(3, 1, 1));
        var pkixOnly = found(SECURE, tlsa(0, 0, 1), tlsa(1, 1, 1));
        return Stream.of(
                // --- DANE applies: secure MX, secure addresses (RFC 7672 §2.2) ---
                Arguments.of("secureMx_secureAddr_usableTlsa_daneVerified", DEFAULTS, host(SECURE, secureAddr, daneEe),
                        use(TlsLevel.DANE, TlsMode.Kind.DANE, Assurance.VERIFIED,
                                "secure MX and TLSA _25._tcp.mx.destination.com: 1 usable record (3 1 1)")),
                Arguments.of("mixedUsableAndUnusable_daneWithUsableOnly", DEFAULTS,
                        host(SECURE, secureAddr, found(SECURE, tlsa(1, 1, 1), tlsa(2, 0, 1), tlsa(3, 1, 9))),
                        use(TlsLevel.DANE, TlsMode.Kind.DANE, Assurance.VERIFIED, "1 usable record (2 0 1)")),
                Arguments.of("onlyPkixTaAndPkixEe_encryptUnauthenticated", DEFAULTS, host(SECURE, secureAddr, pkixOnly),
                        use(TlsLevel.ENCRYPT, TlsMode.Kind.ENCRYPT_UNAUTHENTICATED, Assurance.UNTRUSTED,
                                "no usable record among 2 records (0 0 1, 1 1 1)")),
                Arguments.of("secureDenialOfTlsa_dane_isMay", DEFAULTS, host(SECURE, secureAddr, notFound()),
                        use(TlsLevel.MAY, TlsMode.Kind.OPPORTUNISTIC, Assurance.UNTRUSTED, "default level says dane → may")),
                Arguments.of("tlsaBogus_skipTemporarily_asASecurityFailure", DEFAULTS, host(SECURE, secureAddr, tlsaFailed()),
                        skip(SkipCause.DNSSEC_BOGUS, "4.7.5", "EDE 6")),
                Arguments.of("tlsaTimedOut_skipTemporarily", DEFAULTS, host(SECURE, secureAddr, Facts.tlsaTimedOut()),
                        skip(SkipCause.TLSA_LOOKUP_FAILED, "4.4.3", "timeout")),
                Arguments.of("insecureTlsaAnswer_isNoTlsa_may", DEFAULTS, host(SECURE, secureAddr, found(INSECURE, tlsa(3, 1, 1))),
                        use(TlsLevel.MAY, TlsMode.Kind.OPPORTUNISTIC, Assurance.UNTRUSTED, "INSECURE TLSA")),
                Arguments.of("partialAddresses_secureA_bogusAaaa_daneStillApplies", DEFAULTS,
                        host(SECURE, Facts.partial(MX), daneEe),
                        use(TlsLevel.DANE, TlsMode.Kind.DANE, Assurance.VERIFIED, "using the addresses found (mx.destination.com./AAAA failed (BOGUS)")),
                // --- insecure MX or insecure addresses ---
                Arguments.of("insecureMx_secureAddrAndTlsa_daneTrusted", DEFAULTS, host(INSECURE, secureAddr, daneEe),
                        use(TlsLevel.DANE, TlsMode.Kind.DANE, Assurance.TRUSTED, "Trusted, not Verified")),
                Arguments.of("insecureAddresses_noDane_may", DEFAULTS, host(SECURE, insecureAddr, null),
                        use(TlsLevel.MAY, TlsMode.Kind.OPPORTUNISTIC, Assurance.UNTRUSTED, "DANE does not apply")),
                Arguments.of("insecureAddresses_tlsaIgnoredEvenIfGiven", DEFAULTS, host(SECURE, insecureAddr, daneEe),
                        use(TlsLevel.MAY, TlsMode.Kind.OPPORTUNISTIC, Assurance.UNTRUSTED, "INSECURE addresses")),
                // --- dane-only ---
                Arguments.of("daneOnly_usableTlsa_daneOnlyVerified", policy(TlsLevel.NONE, "destination.com dane-only"),
                        host(SECURE, secureAddr, daneEe),
                        use(TlsLevel.DANE_ONLY, TlsMode.Kind.DANE, Assurance.VERIFIED, "tls_policy:1")),
                Arguments.of("daneOnly_noTlsa_skip475", policy(TlsLevel.NONE, "destination.com dane-only"),
                        host(SECURE, secureAddr, notFound()), skip(SkipCause.DANE_REQUIRED, "4.7.5", "says dane-only")),
                Arguments.of("daneOnly_onlyUnusableTlsa_skip475", policy(TlsLevel.NONE, "destination.com dane-only"),
                        host(SECURE, secureAddr, pkixOnly), skip(SkipCause.DANE_REQUIRED, "4.7.5", "no usable record")),
                Arguments.of("daneOnly_insecureMx_skip475", policy(TlsLevel.NONE, "destination.com dane-only"),
                        host(INSECURE, secureAddr, daneEe), skip(SkipCause.DANE_REQUIRED, "4.7.5", "MX RRset is not signed")),
                Arguments.of("daneOnly_insecureAddresses_skip475", policy(TlsLevel.NONE, "destination.com dane-only"),
                        host(SECURE, insecureAddr, null), skip(SkipCause.DANE_REQUIRED, "4.7.5", "INSECURE addresses")),
                // --- DANE takes precedence over the configured level ---
                Arguments.of("tableNone_usableTlsa_daneWins", policy(TlsLevel.NONE, "destination.com none"),
                        host(SECURE, secureAddr, daneEe),
                        use(TlsLevel.DANE, TlsMode.Kind.DANE, Assurance.VERIFIED, "DANE takes precedence over none")),
                Arguments.of("tableNone_unusableTlsa_encrypt", policy(TlsLevel.NONE, "destination.com none"),
                        host(SECURE, secureAddr, pkixOnly),
                        use(TlsLevel.ENCRYPT, TlsMode.Kind.ENCRYPT_UNAUTHENTICATED, Assurance.UNTRUSTED, "raised to encrypt by the TLSA RRset")),
                Arguments.of("tableNone_noTlsa_plaintext", policy(TlsLevel.NONE, "destination.com none"),
                        host(SECURE, secureAddr, notFound()),
                        use(TlsLevel.NONE, TlsMode.Kind.NO_TLS, Assurance.NONE, "says none")),
                Arguments.of("tableNone_tlsaLookupFailed_stillSkip", policy(TlsLevel.NONE, "destination.com none"),
                        host(SECURE, secureAddr, tlsaFailed()), skip(SkipCause.DNSSEC_BOGUS, "4.7.5", "RFC 7672 §2.1.1")),
                Arguments.of("tableSecure_usableTlsa_daneWins", policy(TlsLevel.NONE, "destination.com secure"),
                        host(SECURE, secureAddr, daneEe),
                        use(TlsLevel.DANE, TlsMode.Kind.DANE, Assurance.VERIFIED, "DANE takes precedence over secure")),
                Arguments.of("tableVerify_unusableTlsa_staysPkix", policy(TlsLevel.NONE, "destination.com verify"),
                        host(SECURE, secureAddr, pkixOnly),
                        use(TlsLevel.VERIFY, TlsMode.Kind.PKIX, Assurance.VERIFIED, "PKIX names mx.destination.com")),
                // --- PKIX levels ---
                Arguments.of("tableSecure_insecureMx_nextHopNames_verified", policy(TlsLevel.NONE, "destination.com secure"),
                        host(INSECURE, insecureAddr, null),
                        use(TlsLevel.SECURE, TlsMode.Kind.PKIX, Assurance.VERIFIED, "PKIX names destination.com, .destination.com")),
                Arguments.of("tableVerify_insecureMx_trusted", policy(TlsLevel.NONE, "destination.com verify"),
                        host(INSECURE, insecureAddr, null),
                        use(TlsLevel.VERIFY, TlsMode.Kind.PKIX, Assurance.TRUSTED, "unsigned MX RRset")),
                Arguments.of("tableVerify_configuredNamesOnly_verified",
                        policy(TlsLevel.NONE, "destination.com verify match=mail.destination.com"),
                        host(INSECURE, insecureAddr, null),
                        use(TlsLevel.VERIFY, TlsMode.Kind.PKIX, Assurance.VERIFIED, "PKIX names mail.destination.com")),
                Arguments.of("parentWildcardEntry_appliesToSubdomain", policy(TlsLevel.NONE, ".com encrypt"),
                        host(SECURE, insecureAddr, null),
                        use(TlsLevel.ENCRYPT, TlsMode.Kind.ENCRYPT_UNAUTHENTICATED, Assurance.UNTRUSTED, "tls_policy:1 (.com)")),
                // --- local minimum, applied last ---
                Arguments.of("minimumEncrypt_overTableMay_encrypt", policy(TlsLevel.ENCRYPT, "destination.com may"),
                        host(SECURE, insecureAddr, null),
                        use(TlsLevel.ENCRYPT, TlsMode.Kind.ENCRYPT_UNAUTHENTICATED, Assurance.UNTRUSTED, "raised to encrypt by the local minimum")),
                Arguments.of("minimumEncrypt_overDaneWithoutDane_encrypt", policy(TlsLevel.ENCRYPT),
                        host(SECURE, secureAddr, notFound()),
                        use(TlsLevel.ENCRYPT, TlsMode.Kind.ENCRYPT_UNAUTHENTICATED, Assurance.UNTRUSTED, "raised to encrypt")),
                Arguments.of("minimumEncrypt_overTableNone_encrypt", policy(TlsLevel.ENCRYPT, "destination.com none"),
                        host(SECURE, insecureAddr, null),
                        use(TlsLevel.ENCRYPT, TlsMode.Kind.ENCRYPT_UNAUTHENTICATED, Assurance.UNTRUSTED, "by the local minimum")),
                Arguments.of("minimumEncrypt_daneApplies_staysDane", policy(TlsLevel.ENCRYPT),
                        host(SECURE, secureAddr, daneEe), use(TlsLevel.DANE, TlsMode.Kind.DANE, Assurance.VERIFIED, "usable")),
                Arguments.of("minimumMay_overTableNone_may", policy(TlsLevel.MAY, "destination.com none"),
                        host(SECURE, insecureAddr, null),
                        use(TlsLevel.MAY, TlsMode.Kind.OPPORTUNISTIC, Assurance.UNTRUSTED, "raised to may")),
                Arguments.of("minimumDane_isMayWhereDaneDoesNotApply", policy(TlsLevel.DANE, "destination.com none"),
                        host(SECURE, insecureAddr, null),
                        use(TlsLevel.MAY, TlsMode.Kind.OPPORTUNISTIC, Assurance.UNTRUSTED, "raised to may by the local minimum dane")),
                Arguments.of("minimumVerify_overMay_pkixMxName_secureMxVerified", policy(TlsLevel.VERIFY),
                        host(SECURE, insecureAddr, null),
                        use(TlsLevel.VERIFY, TlsMode.Kind.PKIX, Assurance.VERIFIED, "raised to verify")),
                Arguments.of("minimumVerify_insecureMx_trusted", policy(TlsLevel.VERIFY),
                        host(INSECURE, insecureAddr, null),
                        use(TlsLevel.VERIFY, TlsMode.Kind.PKIX, Assurance.TRUSTED, "raised to verify")),
                Arguments.of("minimumSecure_overTableEncrypt_secure", policy(TlsLevel.SECURE, "destination.com encrypt"),
                        host(SECURE, insecureAddr, null),
                        use(TlsLevel.SECURE, TlsMode.Kind.PKIX, Assurance.VERIFIED, "raised to secure")),
                Arguments.of("minimumVerify_trustedDane_staysDane", policy(TlsLevel.VERIFY),
                        host(INSECURE, secureAddr, daneEe), use(TlsLevel.DANE, TlsMode.Kind.DANE, Assurance.TRUSTED, "usable")),
                Arguments.of("minimumVerify_tableSecure_staysSecure", policy(TlsLevel.VERIFY, "destination.com secure"),
                        host(SECURE, insecureAddr, null), use(TlsLevel.SECURE, TlsMode.Kind.PKIX, Assurance.VERIFIED, "secure")),
                Arguments.of("minimumDaneOnly_noTlsa_skip475", policy(TlsLevel.DANE_ONLY),
                        host(SECURE, secureAddr, notFound()), skip(SkipCause.DANE_REQUIRED, "4.7.5", "local minimum dane-only")),
                Arguments.of("minimumDaneOnly_tablePkix_skip475", policy(TlsLevel.DANE_ONLY, "destination.com secure"),
                        host(SECURE, insecureAddr, null), skip(SkipCause.DANE_REQUIRED, "4.7.5", "local minimum dane-only")),
                Arguments.of("minimumDaneOnly_insecureMxTrustedDane_skip475", policy(TlsLevel.DANE_ONLY),
                        host(INSECURE, secureAddr, daneEe), skip(SkipCause.DANE_REQUIRED, "4.7.5", "signed MX")),
                Arguments.of("minimumDaneOnly_verifiedDane_use", policy(TlsLevel.DANE_ONLY, "destination.com none"),
                        host(SECURE, secureAddr, daneEe), use(TlsLevel.DANE, TlsMode.Kind.DANE, Assurance.VERIFIED, "usable")),
                // --- addresses ---
                Arguments.of("addressLookupFailed_skip443", DEFAULTS, host(SECURE, Facts.failedAddresses(MX), null),
                        skip(SkipCause.ADDRESS_LOOKUP_FAILED, "4.4.3", "timeout")),
                Arguments.of("noAddresses_skipPermanent544", DEFAULTS, host(SECURE, Facts.noAddresses(MX), null),
                        skip(SkipCause.NO_ADDRESSES, "5.4.4", "no A or AAAA")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("situations")
    void situation_givesDecision(String scenario, LocalPolicy policy, HostFacts facts, Expect expect) {
        RoutePlan plan = RoutePlanner.plan(hosts(NEXT_HOP, false, facts), List.of(facts), policy);

        assertThat(plan.decisions()).hasSize(1);
        RouteDecision d = plan.decisions().get(0);
        if (expect instanceof UseAt u) {
            assertThat(d).isInstanceOfSatisfying(RouteDecision.Use.class, use -> {
                TlsRequirement r = use.requirement();
                assertThat(r.level()).as(r.why()).isEqualTo(u.level());
                assertThat(r.mode().kind()).as(r.why()).isEqualTo(u.mode());
                assertThat(r.onSuccess()).as(r.why()).isEqualTo(u.onSuccess());
                assertThat(r.why()).contains(u.whyContains());
                assertThat(use.addresses()).isNotEmpty();
            });
        } else if (expect instanceof SkipWith s) {
            assertThat(d).isInstanceOfSatisfying(RouteDecision.Skip.class, skip -> {
                assertThat(skip.cause()).as(skip.reason()).isEqualTo(s.cause());
                assertThat(skip.enhancedStatus()).isEqualTo(s.status());
                assertThat(skip.temporary()).isEqualTo(s.temporary());
                assertThat(skip.reason()).contains(s.reasonContains());
            });
        }
    }

    @Test
    void dane_modeCarriesUsableRecords_sniIsTlsaBase_referenceNamesIncludeCnameTarget() {
        var target = n("mail.hosting.net");
        var facts = host(SECURE, addresses(MX, target, SECURE),
                new io.mxguard.dns.TlsaResult.Found(target, n("_25._tcp.mail.hosting.net"),
                        List.of(tlsa(2, 1, 1), tlsa(0, 0, 1)), SECURE));

        RouteDecision d = RoutePlanner.plan(hosts(NEXT_HOP, false, facts), List.of(facts), DEFAULTS).decisions().get(0);

        TlsRequirement r = ((RouteDecision.Use) d).requirement();
        assertThat(r.mandatoryTls()).isTrue();
        assertThat(r.authenticated()).isTrue();
        assertThat(r.mode()).isInstanceOfSatisfying(TlsMode.Dane.class, dane -> {
            assertThat(dane.sni()).isEqualTo(target);
            assertThat(dane.records()).extracting(org.xbill.DNS.TLSARecord::getCertificateUsage).containsExactly(2);
            // RFC 7672 §3.2.3: TLSA base domain, MX host before and after CNAME, next-hop domain.
            assertThat(dane.referenceNames().names()).containsExactly(plain(target), plain(MX), plain(NEXT_HOP));
            assertThat(dane.referenceNames().sniName()).isEqualTo(plain(target));
        });
    }

    @Test
    void implicitMx_secureAddresses_daneVerified_whySaysImplicit() {
        var facts = host(SECURE, addresses(NEXT_HOP, SECURE), new io.mxguard.dns.TlsaResult.Found(NEXT_HOP,
                n("_25._tcp.destination.com"), List.of(tlsa(3, 1, 1)), SECURE));

        TlsRequirement r = ((RouteDecision.Use) RoutePlanner.plan(hosts(NEXT_HOP, true, facts), List.of(facts), DEFAULTS)
                .decisions().get(0)).requirement();

        assertThat(r.onSuccess()).isEqualTo(Assurance.VERIFIED);
        assertThat(r.why()).startsWith("secure implicit MX (address records of destination.com) and TLSA _25._tcp.destination.com");
    }

    @Test
    void pkixSecure_defaultNamesAreNextHopAndBelow_configuredKeywordsResolved() {
        var facts = host(INSECURE, addresses(MX, INSECURE), null);

        TlsRequirement secure = ((RouteDecision.Use) RoutePlanner.plan(hosts(NEXT_HOP, false, facts), List.of(facts),
                policy(TlsLevel.NONE, "destination.com secure")).decisions().get(0)).requirement();
        TlsRequirement verify = ((RouteDecision.Use) RoutePlanner.plan(hosts(NEXT_HOP, false, facts), List.of(facts),
                policy(TlsLevel.NONE, "destination.com verify match=nexthop:hostname:.backup.example")).decisions().get(0))
                .requirement();

        assertThat(secure.mode()).isEqualTo(new TlsMode.Pkix(List.of("destination.com", ".destination.com"), true));
        assertThat(verify.mode()).isEqualTo(new TlsMode.Pkix(
                List.of("destination.com", "mx.destination.com", ".backup.example"), false));
        assertThat(verify.onSuccess()).isEqualTo(Assurance.TRUSTED);
    }

    @Test
    void requirementFlags_followTheMode() {
        var r = new TlsRequirement(TlsLevel.MAY, new TlsMode.Opportunistic(), Assurance.UNTRUSTED, "x");
        var e = new TlsRequirement(TlsLevel.ENCRYPT, new TlsMode.EncryptUnauthenticated(), Assurance.UNTRUSTED, "x");
        assertThat(r.mandatoryTls()).isFalse();
        assertThat(e.mandatoryTls()).isTrue();
        assertThat(e.authenticated()).isFalse();
    }

    @Test
    void secureAddressesWithoutTlsaResult_isAProgrammingError() {
        var facts = host(SECURE, addresses(MX, SECURE), null);

        assertThatThrownBy(() -> RoutePlanner.plan(hosts(NEXT_HOP, false, facts), List.of(facts), DEFAULTS))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needsTlsa");
    }

    private static String plain(org.xbill.DNS.Name n) {
        return n.toString(true).toLowerCase(java.util.Locale.ROOT);
    }
}
