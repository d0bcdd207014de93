package io.mxguard.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.mxguard.dns.DnsAnswer;
import io.mxguard.dns.Security;
import io.mxguard.dns.TrustAnchors;
import io.mxguard.dns.Upstream;
import io.mxguard.dns.UpstreamCheck;
import io.mxguard.dns.ValidatingSecureResolver;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * ResolveCommand - a delv-like lookup: the records of (NAME, TYPE) and our own DNSSEC verdict,
 * validated in this process from the trust anchors; the resolver's AD bit is never believed.
 */
@Command(name = "resolve", mixinStandardHelpOptions = true,
        description = {"DNSSEC-validated lookup, like delv: the records and SECURE, INSECURE, BOGUS or INDETERMINATE.",
                "Exit 0 for SECURE or INSECURE answers (also a proven NXDOMAIN or NODATA), 69 BOGUS, 75 INDETERMINATE (timeouts), 64 usage."},
        footer = {"", "Examples:",
                "  mxguard resolve destination.com MX --resolver 127.0.10.53:5300 --trust-anchor lab-anchor.ds",
                "  mxguard resolve --json _25._tcp.mx.destination.com TLSA"})
final class ResolveCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    DnsOptions dns;

    @Option(names = "--json", description = "Print one JSON object: name, type, rcode, security, reason, records.")
    boolean json;

    @Option(names = "--no-upstream-check",
            description = "Skip the start-up check that the resolver passes DNSSEC records through.")
    boolean noUpstreamCheck;

    @Parameters(arity = "1..2", paramLabel = "NAME [TYPE]",
            description = "The name to look up and its type (default A; MX, AAAA, TLSA, TXT, DS, DNSKEY, CNAME, ...). "
                    + "TYPE NAME is accepted too.")
    List<String> words;

    @Override
    public Integer call() {
        Question q = question(words);
        List<Upstream> upstreams = dns.upstreams();
        TrustAnchors anchors = dns.anchors();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (!noUpstreamCheck) {
            warnIfStripping(upstreams, anchors, err);
        }
        DnsAnswer answer;
        try (ValidatingSecureResolver resolver = dns.resolver(upstreams, anchors)) {
            answer = resolver.lookup(q.name, q.type);
        }
        if (json) {
            out.println(toJson(answer));
        } else {
            printText(answer, upstreams, anchors, out);
        }
        out.flush();
        return exitCode(answer.security());
    }

    /** exitCode - SECURE/INSECURE 0, BOGUS 69, INDETERMINATE 75 (the contract). */
    static int exitCode(Security security) {
        return switch (security) {
            case SECURE, INSECURE -> ExitCode.OK;
            case BOGUS -> ExitCode.UNAVAILABLE;
            case INDETERMINATE -> ExitCode.TEMP_FAIL;
        };
    }

    record Question(Name name, int type) {
    }

    /** question - NAME [TYPE] or TYPE NAME, with precise usage errors. */
    static Question question(List<String> words) {
        String nameWord = words.get(0);
        String typeWord = words.size() > 1 ? words.get(1) : "A";
        if (words.size() == 2 && Type.value(words.get(0).toUpperCase()) > 0 && Type.value(words.get(1).toUpperCase()) < 0) {
            nameWord = words.get(1);
            typeWord = words.get(0);
        }
        int type = Type.value(typeWord.toUpperCase());
        if (type < 0 || type == Type.OPT || type == Type.ANY || type == Type.AXFR || type == Type.IXFR) {
            throw new UserError(ExitCode.USAGE, "unknown or unsupported record type '" + typeWord + "'");
        }
        try {
            return new Question(Name.fromString(nameWord, Name.root), type);
        } catch (TextParseException e) {
            throw new UserError(ExitCode.USAGE, "bad name '" + nameWord + "': " + e.getMessage());
        }
    }

    private static void warnIfStripping(List<Upstream> upstreams, TrustAnchors anchors, PrintWriter err) {
        Name owner = anchors.owners().iterator().next();
        for (Upstream upstream : upstreams) {
            UpstreamCheck.Result result = UpstreamCheck.probe(upstream, owner, Optional.empty(), Duration.ofSeconds(2));
            if (result instanceof UpstreamCheck.StripsDnssec strips) {
                err.println("mxguard: WARNING: " + strips.message());
            }
        }
    }

    private static void printText(DnsAnswer answer, List<Upstream> upstreams, TrustAnchors anchors, PrintWriter out) {
        out.println("; " + answer.question() + " via " + upstreams + ", anchors: " + anchors.source());
        for (org.xbill.DNS.Record r : answer.records()) {
            out.println(r);
        }
        if (answer instanceof DnsAnswer.NxDomain) {
            out.println("; NXDOMAIN: " + answer.name() + " does not exist");
        } else if (answer instanceof DnsAnswer.NoData) {
            out.println("; NODATA: " + answer.name() + " has no " + Type.string(answer.type()) + " records");
        }
        out.println("security: " + answer.security() + (answer.reason().isEmpty() ? "" : " (" + answer.reason() + ")"));
    }

    static String toJson(DnsAnswer answer) {
        Map<String, Object> obj = new LinkedHashMap<>();
        obj.put("name", answer.name().toString());
        obj.put("type", Type.string(answer.type()));
        obj.put("rcode", answer.rcode() < 0 ? null : Rcode.string(answer.rcode()));
        obj.put("security", answer.security().name());
        obj.put("reason", answer.reason());
        List<String> records = new ArrayList<>();
        answer.records().forEach(r -> records.add(r.toString()));
        obj.put("records", records);
        try {
            return new ObjectMapper().disable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(obj);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
