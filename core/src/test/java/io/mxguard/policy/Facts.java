package io.mxguard.policy;

import io.mxguard.dns.DnsAnswer;
import io.mxguard.dns.HostAddresses;
import io.mxguard.dns.MxResult;
import io.mxguard.dns.Security;
import io.mxguard.dns.TlsaResult;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.TLSARecord;
import org.xbill.DNS.Type;

/** Facts - DNS facts for policy tests, built by hand: no resolver, no network. */
final class Facts {

    static final Name NEXT_HOP = n("destination.com");
    static final Name MX = n("mx.destination.com");

    private Facts() {
    }

    static Name n(String s) {
        return Name.fromConstantString(s.endsWith(".") ? s : s + ".");
    }

    static TLSARecord tlsa(int usage, int selector, int matching) {
        byte[] data = new byte[matching == 2 ? 64 : 32];
        Arrays.fill(data, (byte) 7);
        return new TLSARecord(n("_25._tcp." + MX), DClass.IN, 300, usage, selector, matching, data);
    }

    static ARecord a(Name owner, String ip) {
        try {
            return new ARecord(owner, DClass.IN, 300, InetAddress.getByName(ip));
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /** addresses - one A record and an AAAA NODATA, both with {@code security}. */
    static HostAddresses addresses(Name host, Security security) {
        return addresses(host, host, security);
    }

    static HostAddresses addresses(Name host, Name canonical, Security security) {
        return new HostAddresses(host,
                new DnsAnswer.Records(host, Type.A, security, "test", canonical, List.of(a(canonical, "192.0.2.25")), 300),
                new DnsAnswer.NoData(host, Type.AAAA, security, "test", canonical, 300));
    }

    /** partial - a secure A record, and an AAAA lookup that failed BOGUS. */
    static HostAddresses partial(Name host) {
        return new HostAddresses(host,
                new DnsAnswer.Records(host, Type.A, Security.SECURE, "test", host, List.of(a(host, "192.0.2.25")), 300),
                new DnsAnswer.Failed(host, Type.AAAA, Security.BOGUS, "EDE 6: DNSSEC Bogus", Rcode.SERVFAIL));
    }

    static HostAddresses failedAddresses(Name host) {
        return new HostAddresses(host,
                new DnsAnswer.Failed(host, Type.A, Security.INDETERMINATE, "timeout", Rcode.SERVFAIL),
                new DnsAnswer.Failed(host, Type.AAAA, Security.INDETERMINATE, "timeout", Rcode.SERVFAIL));
    }

    static HostAddresses noAddresses(Name host) {
        return new HostAddresses(host,
                new DnsAnswer.NxDomain(host, Type.A, Security.SECURE, "test", 300),
                new DnsAnswer.NxDomain(host, Type.AAAA, Security.SECURE, "test", 300));
    }

    static TlsaResult found(Security security, TLSARecord... records) {
        return new TlsaResult.Found(MX, n("_25._tcp." + MX), List.of(records), security);
    }

    static TlsaResult notFound() {
        return new TlsaResult.NotFound(Security.SECURE, "no TLSA at _25._tcp.mx.destination.com. (SECURE)");
    }

    static TlsaResult tlsaFailed() {
        return new TlsaResult.Failed(Security.BOGUS, "TLSA lookup _25._tcp.mx.destination.com./TLSA failed: EDE 6");
    }

    static TlsaResult tlsaTimedOut() {
        return new TlsaResult.Failed(Security.INDETERMINATE, "TLSA lookup _25._tcp.mx.destination.com./TLSA failed: timeout");
    }

    /** host - facts of MX host {@code MX}; {@code tlsa} null when it was not looked up. */
    static HostFacts host(Security mx, HostAddresses addresses, TlsaResult tlsa) {
        return new HostFacts(new MxResult.MxHost(addresses.host(), 10, mx), addresses, Optional.ofNullable(tlsa));
    }

    static MxResult.Hosts hosts(Name domain, boolean implicit, HostFacts... facts) {
        List<MxResult.MxHost> mxs = Arrays.stream(facts).map(HostFacts::mx).toList();
        return new MxResult.Hosts(domain, mxs, mxs.get(0).security(), implicit);
    }
}
