package io.mxguard.dns;

import static io.mxguard.dns.StubResolver.n;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.TLSARecord;
import org.xbill.DNS.Type;

class TlsaLookupTest {

    private static final String ALIAS = "mx.destination.com.";
    private static final String TARGET = "mail.hosting.net.";

    private static TLSARecord tlsa(String owner) {
        return new TLSARecord(n(owner), DClass.IN, 300, 3, 1, 1, new byte[32]);
    }

    private static ARecord a(String owner) throws Exception {
        return new ARecord(n(owner), DClass.IN, 300, InetAddress.getByName("192.0.2.5"));
    }

    /** An MX host that is a CNAME to TARGET, with secure addresses. */
    private static StubResolver cnameHost() throws Exception {
        return new StubResolver()
                .records(ALIAS, TARGET, Type.A, Security.SECURE, a(TARGET))
                .noData(ALIAS, TARGET, Type.AAAA, Security.SECURE);
    }

    @Test
    void cnameHost_tlsaAtExpandedName_wins() throws Exception {
        var dns = cnameHost()
                .records("_25._tcp." + TARGET, Type.TLSA, Security.SECURE, tlsa("_25._tcp." + TARGET))
                .records("_25._tcp." + ALIAS, Type.TLSA, Security.SECURE, tlsa("_25._tcp." + ALIAS));
        HostAddresses host = new AddressLookup(dns).lookup(n(ALIAS));

        TlsaResult result = new TlsaLookup(dns).lookup(host, 25);

        assertThat(host.isCname()).isTrue();
        assertThat(result).isInstanceOfSatisfying(TlsaResult.Found.class,
                f -> assertThat(f.baseDomain()).isEqualTo(n(TARGET)));
    }

    @Test
    void cnameHost_noTlsaAtExpandedName_fallsBackToOriginal() throws Exception {
        var dns = cnameHost()
                .noData("_25._tcp." + TARGET, Type.TLSA, Security.SECURE)
                .records("_25._tcp." + ALIAS, Type.TLSA, Security.SECURE, tlsa("_25._tcp." + ALIAS));

        TlsaResult result = new TlsaLookup(dns).lookup(new AddressLookup(dns).lookup(n(ALIAS)), 25);

        assertThat(result).isInstanceOfSatisfying(TlsaResult.Found.class, f -> {
            assertThat(f.baseDomain()).isEqualTo(n(ALIAS));
            assertThat(f.security()).isEqualTo(Security.SECURE);
        });
    }

    @Test
    void cnameHost_tlsaLookupErrorAtExpandedName_isError_notNoTlsa() throws Exception {
        var dns = cnameHost()
                .failed("_25._tcp." + TARGET, Type.TLSA, Security.BOGUS, "EDE 6")
                .noData("_25._tcp." + ALIAS, Type.TLSA, Security.SECURE);

        TlsaResult result = new TlsaLookup(dns).lookup(new AddressLookup(dns).lookup(n(ALIAS)), 25);

        assertThat(result).isInstanceOf(TlsaResult.Failed.class);
        assertThat(result.security()).isEqualTo(Security.BOGUS);
    }

    @Test
    void plainHost_noTlsa_isNotFound_withItsSecurity() throws Exception {
        var dns = new StubResolver()
                .records(TARGET, Type.A, Security.SECURE, a(TARGET)).noData(TARGET, Type.AAAA, Security.SECURE)
                .nxDomain("_2525._tcp." + TARGET, Type.TLSA, Security.SECURE);

        TlsaResult result = new TlsaLookup(dns).lookup(new AddressLookup(dns).lookup(n(TARGET)), 2525);

        assertThat(result).isInstanceOf(TlsaResult.NotFound.class);
        assertThat(result.security()).isEqualTo(Security.SECURE);
    }

    @Test
    void plainHost_tlsaTimeout_isError() throws Exception {
        var dns = new StubResolver()
                .records(TARGET, Type.A, Security.SECURE, a(TARGET)).noData(TARGET, Type.AAAA, Security.SECURE)
                .failed("_25._tcp." + TARGET, Type.TLSA, Security.INDETERMINATE, "timeout");

        assertThat(new TlsaLookup(dns).lookup(new AddressLookup(dns).lookup(n(TARGET)), 25))
                .isInstanceOf(TlsaResult.Failed.class);
    }

    @Test
    void addresses_oneFamilyFailing_isPartial_weakestSecurity_andSaysWhich() throws Exception {
        var dns = new StubResolver()
                .records(TARGET, Type.A, Security.SECURE, a(TARGET))
                .failed(TARGET, Type.AAAA, Security.INDETERMINATE, "timeout");

        HostAddresses host = new AddressLookup(dns).lookup(n(TARGET));

        assertThat(host.kind()).isEqualTo(HostAddresses.Kind.PARTIAL);
        assertThat(host.security()).isEqualTo(Security.INDETERMINATE);
        assertThat(host.reason()).contains("AAAA").contains("timeout");
        assertThat(host.addresses()).hasSize(1);
    }
}
