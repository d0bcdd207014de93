package io.mxguard.delivery;

import io.mxguard.dane.DaneResult;
import io.mxguard.dane.DaneVerifier;
import io.mxguard.dns.AddressLookup;
import io.mxguard.dns.HostAddresses;
import io.mxguard.dns.MxLookup;
import io.mxguard.dns.MxResult;
import io.mxguard.dns.SecureResolver;
import io.mxguard.dns.TlsaLookup;
import io.mxguard.dns.TlsaResult;
import io.mxguard.policy.HostFacts;
import io.mxguard.policy.LocalPolicy;
import io.mxguard.policy.RouteDecision;
import io.mxguard.policy.RoutePlan;
import io.mxguard.policy.RoutePlanner;
import io.mxguard.policy.TlsMode;
import io.mxguard.policy.TlsRequirement;
import io.mxguard.smtp.client.SmtpClient;
import io.mxguard.smtp.client.SmtpOutcome;
import io.mxguard.smtp.client.TlsState;
import io.mxguard.tls.InsecureTrustManager;
import io.mxguard.tls.PkixResult;
import io.mxguard.tls.TlsContexts;
import java.net.InetSocketAddress;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.random.RandomGenerator;
import org.xbill.DNS.Name;

/**
 * Probe - what a delivery to a domain would meet, without sending mail (like posttls-finger):
 * the MX set and its security, per host the addresses, the TLSA records, the policy's decision,
 * and, for each usable host, a real connection: EHLO, STARTTLS, the certificate chain and the
 * verdict the delivery engine would reach on it. No MAIL FROM is ever sent.
 *
 * <p>The handshake accepts any certificate and the chain is then judged offline by the same
 * {@link DaneVerifier} and PKIX trust manager that delivery uses, so a failing host still
 * shows what it presented.
 */
public final class Probe {

    /** ProbeReport - the whole picture for one domain. */
    public record ProbeReport(Name domain, MxResult mx, List<HostProbe> hosts, Optional<RoutePlan.Verdict> verdict) {
        public ProbeReport {
            hosts = List.copyOf(hosts);
        }
    }

    /** HostProbe - one MX host: its DNS facts, the policy's decision, and the session if one was opened. */
    public record HostProbe(MxResult.MxHost host, HostAddresses addresses, Optional<TlsaResult> tlsa,
                            RouteDecision decision, Optional<SessionProbe> session) {
    }

    /**
     * SessionProbe - one connection's findings.
     *
     * @param verdict   "Verified", "Trusted", "Untrusted", "None", or "FAILED"
     * @param detail    which TLSA record or name matched, or why the check failed
     */
    public record SessionProbe(InetSocketAddress address, Optional<String> failure, boolean startTlsOffered,
                               String protocol, String cipher, List<X509Certificate> chain, String verdict,
                               String detail) {
        public SessionProbe {
            chain = List.copyOf(chain);
        }
    }

    private final SecureResolver resolver;
    private final LocalPolicy policy;
    private final DeliveryOptions options;
    private final MxLookup mxLookup;
    private final SmtpClient client;

    public Probe(SecureResolver resolver, LocalPolicy policy, DeliveryOptions options, RandomGenerator random) {
        this.resolver = resolver;
        this.policy = policy;
        this.options = options;
        this.mxLookup = new MxLookup(resolver, random);
        this.client = new SmtpClient(options.client());
    }

    /** probe - resolve, plan and connect to every usable MX host of {@code domain}. */
    public ProbeReport probe(Name domain) {
        MxResult mx = mxLookup.lookup(domain);
        if (!(mx instanceof MxResult.Hosts hosts)) {
            return new ProbeReport(domain, mx, List.of(), Optional.empty());
        }
        AddressLookup addresses = new AddressLookup(resolver);
        TlsaLookup tlsa = new TlsaLookup(resolver);
        List<HostFacts> facts = new ArrayList<>();
        for (MxResult.MxHost host : hosts.hosts()) {
            HostAddresses a = addresses.lookup(host.host());
            Optional<TlsaResult> t = RoutePlanner.needsTlsa(a) ? Optional.of(tlsa.lookup(a, options.port())) : Optional.empty();
            facts.add(new HostFacts(host, a, t));
        }
        RoutePlan plan = RoutePlanner.plan(hosts, facts, policy);
        List<HostProbe> probes = new ArrayList<>();
        for (int i = 0; i < facts.size(); i++) {
            HostFacts f = facts.get(i);
            RouteDecision d = plan.decisions().get(i);
            Optional<SessionProbe> session = d instanceof RouteDecision.Use use && !use.addresses().isEmpty()
                    ? Optional.of(connect(use)) : Optional.empty();
            probes.add(new HostProbe(f.mx(), f.addresses(), f.tlsa(), d, session));
        }
        return new ProbeReport(domain, mx, probes, Optional.of(plan.verdict()));
    }

    private SessionProbe connect(RouteDecision.Use route) {
        InetSocketAddress to = options.endpoint().apply(new InetSocketAddress(route.addresses().get(0), options.port()));
        TlsRequirement requirement = route.requirement();
        InsecureTrustManager recorder = new InsecureTrustManager();
        String sni = requirement.mode() instanceof TlsMode.Dane dane ? dane.referenceNames().sniName()
                : route.host().host().toString(true);
        var plan = new SmtpClient.TlsPlan(TlsContexts.clientContext(recorder), sni,
                io.mxguard.smtp.client.TlsRequirement.OPPORTUNISTIC);
        SmtpOutcome<SmtpClient.Probed> probed = client.probe(to, options.heloName(), Optional.of(plan));
        if (!probed.isOk()) {
            return new SessionProbe(to, Optional.of(probed.failure().message()), false, "", "", recorder.presentedChain(),
                    "FAILED", probed.failure().message());
        }
        SmtpClient.Probed p = probed.value();
        boolean offered = p.beforeTls().startTls();
        if (!(p.tls() instanceof TlsState.Encrypted encrypted)) {
            boolean required = requirement.mandatoryTls();
            return new SessionProbe(to, Optional.empty(), offered, "", "", List.of(), required ? "FAILED" : "None",
                    required ? "STARTTLS not offered, but the policy requires TLS (" + requirement.level()
                            + "): delivery would skip this host" : "no TLS: " + ((TlsState.Plaintext) p.tls()).reason());
        }
        var facts = encrypted.facts();
        List<X509Certificate> chain = facts.peerChain();
        String[] verdict = judge(requirement, chain);
        return new SessionProbe(to, Optional.empty(), offered, facts.protocol(), facts.cipherSuite(), chain, verdict[0],
                verdict[1]);
    }

    /** judge - the verdict delivery would reach on this chain: {label, detail}. */
    private String[] judge(TlsRequirement requirement, List<X509Certificate> chain) {
        TlsMode mode = requirement.mode();
        if (mode instanceof TlsMode.Dane dane) {
            DaneResult r = DaneVerifier.verify(chain, dane.records(), dane.referenceNames().names(), options.clock().instant());
            if (r instanceof DaneResult.Matched m) {
                return new String[] {requirement.onSuccess().label(), (m.usage() == DaneResult.Usage.DANE_EE ? "DANE-EE" : "DANE-TA")
                        + ": matched TLSA " + m.record().rdataToString() + " at depth " + m.depth()};
            }
            DaneResult.Failed f = (DaneResult.Failed) r;
            return new String[] {"FAILED", "DANE " + f.reason() + ": " + f.message() + "; delivery would skip this host"};
        }
        if (mode instanceof TlsMode.Pkix pkix) {
            PkixResult r = RouteTls.pkix(pkix, options).verify(chain);
            if (r instanceof PkixResult.Trusted t) {
                return new String[] {requirement.onSuccess().label(), "PKIX: trusted chain, names " + t.peerName()};
            }
            PkixResult.Failed f = (PkixResult.Failed) r;
            return new String[] {"FAILED", "PKIX " + f.reason() + ": " + f.message() + "; delivery would skip this host"};
        }
        if (mode instanceof TlsMode.NoTls) {
            return new String[] {"None", "level none: delivery would not use STARTTLS"};
        }
        return new String[] {"Untrusted", "TLS without authentication (" + requirement.level() + ")"};
    }
}
