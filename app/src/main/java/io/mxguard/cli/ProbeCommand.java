package io.mxguard.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.mxguard.dane.TlsaRecords;
import io.mxguard.delivery.Probe;
import io.mxguard.dns.MxResult;
import io.mxguard.dns.TlsaResult;
import io.mxguard.dns.ValidatingSecureResolver;
import io.mxguard.pki.Certificates;
import io.mxguard.policy.RouteDecision;
import io.mxguard.policy.RoutePlan;
import io.mxguard.tls.HostnameMatcher;
import java.io.PrintWriter;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.xbill.DNS.Name;
import org.xbill.DNS.TLSARecord;
import org.xbill.DNS.TextParseException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * ProbeCommand - what a delivery to DOMAIN would meet, like posttls-finger, without sending mail:
 * MX set and security, per host the addresses, TLSA records, STARTTLS, the certificate chain and
 * the verdict. Never sends MAIL FROM.
 */
@Command(name = "probe", mixinStandardHelpOptions = true,
        description = {"Show what a delivery to DOMAIN would meet, without sending mail (like posttls-finger).",
                "The MX set and its security; per MX host the addresses, TLSA records (usable or not), STARTTLS, the"
                        + " certificate chain (subject, issuer, names, validity, SHA-256 of certificate and SPKI), which TLSA"
                        + " record matched, and the verdict. Never sends MAIL FROM.",
                "Exit 0 if delivery would go through, 75 if it would defer, 69 if it would bounce."},
        footer = {"", "Examples:",
                "  mxguard probe destination.com",
                "  mxguard probe --resolver 127.0.10.53:40451 --trust-anchor lab-anchor.ds --port 2525 destination.com",
                "  mxguard probe --level verify --ca-file lab-public-ca.pem --json destination.com"})
final class ProbeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    DnsOptions dns;

    @Mixin
    DeliveryFlags delivery;

    @Option(names = "--json", description = "Print one JSON object.")
    boolean json;

    @Parameters(index = "0", paramLabel = "DOMAIN", description = "The recipient domain (next hop).")
    String domainText;

    @Override
    public Integer call() throws Exception {
        Name domain;
        try {
            domain = Name.fromString(domainText.toLowerCase(Locale.ROOT), Name.root);
        } catch (TextParseException e) {
            throw new UserError(ExitCode.USAGE, "bad domain '" + domainText + "': " + e.getMessage());
        }
        Probe.ProbeReport report;
        try (ValidatingSecureResolver resolver = dns.resolver(dns.upstreams(), dns.anchors())) {
            report = new Probe(resolver, delivery.policy(), delivery.options(), new SecureRandom()).probe(domain);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(new ObjectMapper().writeValueAsString(json(report)));
        } else {
            printText(report, out);
        }
        return exitCode(report);
    }

    static int exitCode(Probe.ProbeReport report) {
        MxResult mx = report.mx();
        if (mx instanceof MxResult.NullMx || mx instanceof MxResult.NoSuchDomain) {
            return ExitCode.UNAVAILABLE;
        }
        if (report.verdict().isEmpty() || report.verdict().get() instanceof RoutePlan.Verdict.Defer) {
            return ExitCode.TEMP_FAIL;
        }
        if (report.verdict().get() instanceof RoutePlan.Verdict.Bounce) {
            return ExitCode.UNAVAILABLE;
        }
        boolean anyPasses = report.hosts().stream().anyMatch(h -> h.session()
                .map(s -> !s.verdict().equals("FAILED")).orElse(false));
        return anyPasses ? ExitCode.OK : ExitCode.TEMP_FAIL;
    }

    private void printText(Probe.ProbeReport report, PrintWriter out) {
        out.println("probe " + report.domain().toString(true) + " (port " + delivery.port + ", level " + delivery.level + ")");
        MxResult mx = report.mx();
        if (mx instanceof MxResult.Hosts hosts) {
            out.println("MX " + report.domain().toString(true) + ": " + hosts.security()
                    + (hosts.implicit() ? " (no MX: implicit MX, the domain's own addresses)" : ""));
            hosts.hosts().forEach(h -> out.println("  " + h.preference() + " " + h.host().toString(true)));
        } else if (mx instanceof MxResult.NullMx n) {
            out.println("MX " + report.domain().toString(true) + ": null MX (RFC 7505): the domain accepts no mail (" + n.security() + ")");
        } else if (mx instanceof MxResult.NoSuchDomain n) {
            out.println("MX " + report.domain().toString(true) + ": " + n.reason());
        } else if (mx instanceof MxResult.Deferred d) {
            out.println("MX " + report.domain().toString(true) + ": lookup failed (" + d.security() + "): " + d.reason());
        }
        for (Probe.HostProbe h : report.hosts()) {
            out.println();
            out.println(h.host().host().toString(true) + ":");
            out.println("  addresses: " + (h.addresses().addresses().isEmpty() ? "none" : h.addresses().addresses().stream()
                    .map(a -> a.getHostAddress()).toList()) + " (A " + h.addresses().a().security() + ", AAAA "
                    + h.addresses().aaaa().security() + ")" + (h.addresses().isCname()
                    ? " via CNAME " + h.addresses().canonicalName().toString(true) : ""));
            out.println("  TLSA: " + tlsaLine(h));
            if (h.tlsa().orElse(null) instanceof TlsaResult.Found f) {
                for (TLSARecord r : f.records()) {
                    out.println("    " + r.rdataToString() + (TlsaRecords.isUsable(r) ? "  [usable]" : "  [unusable for SMTP]"));
                }
            }
            RouteDecision d = h.decision();
            if (d instanceof RouteDecision.Use use) {
                out.println("  policy: " + use.requirement().level() + " -> " + use.requirement().mode().kind()
                        + ", " + use.requirement().onSuccess().label() + " on success: " + use.requirement().why());
            } else {
                RouteDecision.Skip skip = (RouteDecision.Skip) d;
                out.println("  policy: skipped (" + skip.enhancedStatus() + "): " + skip.reason());
            }
            h.session().ifPresent(s -> {
                out.println("  connect " + s.address() + ": " + s.failure().orElse("STARTTLS "
                        + (s.startTlsOffered() ? "offered" : "NOT offered") + (s.protocol().isEmpty() ? ""
                        : "; " + s.protocol() + " " + s.cipher())));
                for (int i = 0; i < s.chain().size(); i++) {
                    printCertificate(i, s.chain().get(i), out);
                }
                out.println("  verdict: " + s.verdict() + " (" + s.detail() + ")");
            });
        }
        out.println();
        out.println("verdict: " + report.verdict().map(ProbeCommand::verdictText).orElse("not deliverable"));
    }

    private static String tlsaLine(Probe.HostProbe h) {
        if (h.tlsa().isEmpty()) {
            return "not looked up (" + (h.addresses().addresses().isEmpty() ? "no addresses"
                    : "addresses are " + h.addresses().security() + ": DANE needs SECURE addresses, RFC 7672 §2.2.2") + ")";
        }
        TlsaResult t = h.tlsa().get();
        if (t instanceof TlsaResult.Found f) {
            return f.owner().toString(true) + " (" + f.security() + "), " + f.records().size() + " record(s), "
                    + TlsaRecords.usable(f.records()).size() + " usable";
        }
        if (t instanceof TlsaResult.NotFound n) {
            return "none (" + n.security() + "): " + n.reason();
        }
        return "lookup FAILED (" + t.security() + "): " + ((TlsaResult.Failed) t).reason();
    }

    private static void printCertificate(int depth, X509Certificate c, PrintWriter out) {
        out.println("    [" + depth + "] subject: " + c.getSubjectX500Principal().getName());
        out.println("        issuer:  " + c.getIssuerX500Principal().getName());
        out.println("        names:   " + HostnameMatcher.presentedNames(c));
        out.println("        valid:   " + c.getNotBefore().toInstant() + " .. " + c.getNotAfter().toInstant());
        out.println("        sha256:  " + Certificates.hex(Certificates.certSha256(c)));
        out.println("        spki256: " + Certificates.hex(Certificates.spkiSha256(c)));
    }

    private static String verdictText(RoutePlan.Verdict v) {
        if (v instanceof RoutePlan.Verdict.Deliver d) {
            return "deliver via " + d.routes().stream().map(r -> r.host().host().toString(true)).toList();
        }
        if (v instanceof RoutePlan.Verdict.Defer d) {
            return "defer (" + d.enhancedStatus() + "): " + d.reason();
        }
        RoutePlan.Verdict.Bounce b = (RoutePlan.Verdict.Bounce) v;
        return "bounce (" + b.enhancedStatus() + "): " + b.reason();
    }

    private static Map<String, Object> json(Probe.ProbeReport report) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("domain", report.domain().toString(true));
        MxResult mx = report.mx();
        root.put("mx", mx.getClass().getSimpleName());
        if (mx instanceof MxResult.Hosts hosts) {
            root.put("mxSecurity", hosts.security().name());
            root.put("implicitMx", hosts.implicit());
        }
        List<Map<String, Object>> hosts = new ArrayList<>();
        for (Probe.HostProbe h : report.hosts()) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("host", h.host().host().toString(true));
            o.put("preference", h.host().preference());
            o.put("addresses", h.addresses().addresses().stream().map(a -> a.getHostAddress()).toList());
            o.put("addressSecurity", h.addresses().security().name());
            h.tlsa().ifPresent(t -> {
                o.put("tlsaSecurity", t.security().name());
                if (t instanceof TlsaResult.Found f) {
                    List<Map<String, Object>> records = new ArrayList<>();
                    for (TLSARecord r : f.records()) {
                        records.add(Map.of("rdata", r.rdataToString(), "usable", TlsaRecords.isUsable(r)));
                    }
                    o.put("tlsa", records);
                }
            });
            if (h.decision() instanceof RouteDecision.Use use) {
                o.put("level", use.requirement().level().keyword());
                o.put("mode", use.requirement().mode().kind().name());
                o.put("why", use.requirement().why());
            } else {
                o.put("skipped", ((RouteDecision.Skip) h.decision()).reason());
            }
            h.session().ifPresent(s -> {
                o.put("connectedTo", s.address().getAddress().getHostAddress() + ":" + s.address().getPort());
                s.failure().ifPresent(f -> o.put("failure", f));
                o.put("starttls", s.startTlsOffered());
                o.put("tlsProtocol", s.protocol());
                o.put("tlsCipher", s.cipher());
                List<Map<String, Object>> chain = new ArrayList<>();
                for (X509Certificate c : s.chain()) {
                    Map<String, Object> cert = new LinkedHashMap<>();
                    cert.put("subject", c.getSubjectX500Principal().getName());
                    cert.put("issuer", c.getIssuerX500Principal().getName());
                    cert.put("names", HostnameMatcher.presentedNames(c));
                    cert.put("notBefore", c.getNotBefore().toInstant().toString());
                    cert.put("notAfter", c.getNotAfter().toInstant().toString());
                    cert.put("sha256", Certificates.hex(Certificates.certSha256(c)));
                    cert.put("spkiSha256", Certificates.hex(Certificates.spkiSha256(c)));
                    chain.add(cert);
                }
                o.put("chain", chain);
                o.put("verdict", s.verdict());
                o.put("detail", s.detail());
            });
            hosts.add(o);
        }
        root.put("hosts", hosts);
        root.put("verdict", report.verdict().map(ProbeCommand::verdictText).orElse("not deliverable"));
        return root;
    }
}
