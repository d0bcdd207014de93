package io.mxguard.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.mxguard.delivery.DeliveryEvent;
import io.mxguard.delivery.DeliveryReport;
import io.mxguard.delivery.OutboundDelivery;
import io.mxguard.delivery.RecipientOutcome;
import io.mxguard.delivery.RouteUsed;
import io.mxguard.dns.ValidatingSecureResolver;
import io.mxguard.smtp.DsnNotify;
import io.mxguard.smtp.Xtext;
import io.mxguard.smtp.client.DsnParameters;
import io.mxguard.smtp.client.Envelope;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import org.xbill.DNS.Name;
import org.xbill.DNS.TextParseException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * SendCommand - deliver one message now, per recipient domain, under the chosen TLS policy, and
 * say what happened to each recipient and at which TLS level. Nothing is queued: a deferral is
 * reported (exit 75) and the caller decides whether to try again.
 */
@Command(name = "send", mixinStandardHelpOptions = true,
        description = {"Deliver one message now under DANE (default) or another TLS level, and report each recipient's fate.",
                "Per recipient: the result, the MX host and address used, the TLS level achieved, and why any MX was skipped.",
                "Exit 0 all delivered, 75 any deferred, 69 any permanently failed, 65 a bad message, 64 usage."},
        footer = {"", "Examples:",
                "  mxguard send --from alice@source.com --to bob@destination.com message.eml",
                "  mxguard send --resolver 127.0.10.53:40451 --trust-anchor lab-anchor.ds --port 2525 \\",
                "               --from alice@source.com --to bob@destination.com --json - < message.eml"})
final class SendCommand implements Callable<Integer> {
    static final long DEFAULT_MAX_SIZE = 25L * 1024 * 1024;

    @Spec
    CommandSpec spec;

    @Mixin
    DnsOptions dns;

    @Mixin
    DeliveryFlags delivery;

    @Option(names = "--from", required = true, paramLabel = "ADDR", description = "Envelope sender (MAIL FROM); \"\" for a null sender.")
    String from;

    @Option(names = "--to", required = true, split = ",", paramLabel = "ADDR", description = "Recipients (RCPT TO), comma-separated or repeated.")
    List<String> to;

    @Option(names = "--notify", split = ",", paramLabel = "WHEN",
            description = "DSN (RFC 3461) NOTIFY for every recipient: NEVER, or SUCCESS, FAILURE, DELAY (comma-separated). Sent only to an MX that announces DSN; the reports then come from there.")
    List<String> notify = List.of();

    @Option(names = "--ret", paramLabel = "FULL|HDRS", description = "DSN RET: whether a failure report returns the whole message or its headers.")
    String ret;

    @Option(names = "--envid", paramLabel = "ID", description = "DSN ENVID: an id the reports will name (printable ASCII; sent as xtext, at most 100 characters).")
    String envid;

    @Option(names = "--json", description = "Print one JSON object with every recipient's outcome.")
    boolean json;

    @Option(names = {"-v", "--verbose"}, description = "Print each delivery step (MX, routes, TLS, replies) to stderr.")
    boolean verbose;

    @Option(names = "--max-size", paramLabel = "BYTES", description = "Refuse larger messages (default: 25 MiB).")
    long maxSize = DEFAULT_MAX_SIZE;

    @Parameters(index = "0", arity = "0..1", paramLabel = "FILE|-", description = "The message (RFC 5322); - or none: standard input.")
    String file;

    @Override
    public Integer call() throws IOException {
        Map<Name, List<String>> byDomain = recipientsByDomain(to);
        checkSender(from);
        DsnParameters dsn = dsn();
        byte[] content = MessageText.crlf(read(), file == null ? "-" : file);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<DeliveryReport> reports = new ArrayList<>();
        try (ValidatingSecureResolver resolver = dns.resolver(dns.upstreams(), dns.anchors())) {
            OutboundDelivery engine = new OutboundDelivery(resolver, delivery.policy(), delivery.options(), new SecureRandom(),
                    verbose ? e -> err.println("; " + EventText.describe(e)) : e -> { });
            for (Map.Entry<Name, List<String>> d : byDomain.entrySet()) {
                reports.add(engine.attempt(d.getKey(), new Envelope(from, d.getValue(), forEach(dsn, d.getValue().size())),
                        content));
            }
        }
        if (json) {
            out.println(json(reports));
        } else {
            reports.forEach(r -> printText(r, out, dsnAsked()));
        }
        return exitCode(reports);
    }

    static int exitCode(List<DeliveryReport> reports) {
        boolean deferred = false;
        for (DeliveryReport r : reports) {
            switch (r.worst()) {
                case BOUNCED -> {
                    return ExitCode.UNAVAILABLE;
                }
                case DEFERRED -> deferred = true;
                default -> {
                }
            }
        }
        return deferred ? ExitCode.TEMP_FAIL : ExitCode.OK;
    }

    private byte[] read() throws IOException {
        if (maxSize < 1) {
            throw new UserError(ExitCode.USAGE, "--max-size must be positive");
        }
        if (file == null || file.equals("-")) {
            return readBounded(System.in, "standard input");
        }
        Path path = Path.of(file);
        if (!Files.isReadable(path) || Files.isDirectory(path)) {
            throw new UserError(ExitCode.NO_INPUT, file + ": no such readable file");
        }
        try (InputStream in = Files.newInputStream(path)) {
            return readBounded(in, file);
        }
    }

    private byte[] readBounded(InputStream in, String what) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        byte[] chunk = new byte[65536];
        int n;
        while ((n = in.read(chunk)) > 0) {
            if (buf.size() + n > maxSize) {
                throw new UserError(ExitCode.DATA_ERROR, what + ": message larger than --max-size " + maxSize + " bytes");
            }
            buf.write(chunk, 0, n);
        }
        return buf.toByteArray();
    }

    private boolean dsnAsked() {
        return !notify.isEmpty() || ret != null || envid != null;
    }

    /**
     * dsn - the RFC 3461 parameters from --notify, --ret and --envid, with the one recipient's NOTIFY that every
     * recipient gets ({@link #forEach}); {@link DsnParameters#NONE} without those flags.
     */
    private DsnParameters dsn() {
        if (!dsnAsked()) {
            return DsnParameters.NONE;
        }
        Set<DsnNotify> when = EnumSet.noneOf(DsnNotify.class);
        for (String n : notify) {
            try {
                when.add(DsnNotify.valueOf(n.trim().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new UserError(ExitCode.USAGE, "--notify '" + n + "': not NEVER, SUCCESS, FAILURE or DELAY");
            }
        }
        if (when.contains(DsnNotify.NEVER) && when.size() > 1) {
            throw new UserError(ExitCode.USAGE, "--notify: NEVER stands alone (RFC 3461 §4.1)");
        }
        Optional<DsnParameters.Ret> r = Optional.empty();
        if (ret != null) {
            try {
                r = Optional.of(DsnParameters.Ret.valueOf(ret.trim().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new UserError(ExitCode.USAGE, "--ret '" + ret + "': not FULL or HDRS");
            }
        }
        Optional<String> id = Optional.empty();
        if (envid != null) {
            // RFC 3461 §4.4: printable ASCII before encoding, at most 100 characters as xtext
            String encoded = Xtext.encode(envid);
            if (envid.isEmpty() || !envid.chars().allMatch(c -> c >= 0x20 && c < 0x7f) || encoded.length() > 100) {
                throw new UserError(ExitCode.USAGE, "--envid: printable ASCII, at most 100 characters once encoded");
            }
            id = Optional.of(encoded);
        }
        return new DsnParameters(r, id, List.of(new DsnParameters.Rcpt(when, Optional.empty())));
    }

    /** forEach - {@code dsn} with its one recipient's parameters for each of {@code recipients} recipients. */
    private static DsnParameters forEach(DsnParameters dsn, int recipients) {
        return dsn.recipients().isEmpty() ? dsn
                : new DsnParameters(dsn.ret(), dsn.envelopeId(), Collections.nCopies(recipients, dsn.recipient(0)));
    }

    /** recipientsByDomain - group the recipients by domain (one delivery attempt per domain), in order. */
    static Map<Name, List<String>> recipientsByDomain(List<String> recipients) {
        Map<Name, List<String>> byDomain = new LinkedHashMap<>();
        for (String r : recipients) {
            String address = r.trim();
            int at = address.lastIndexOf('@');
            if (at <= 0 || at == address.length() - 1 || address.chars().anyMatch(c -> c <= ' ' || c == '<' || c == '>')) {
                throw new UserError(ExitCode.USAGE, "--to '" + r + "': not an address of the form local@domain");
            }
            byDomain.computeIfAbsent(domain(address.substring(at + 1), r), k -> new ArrayList<>()).add(address);
        }
        return byDomain;
    }

    private static void checkSender(String from) {
        if (from.isEmpty()) {
            return; // the null sender, for bounces
        }
        int at = from.lastIndexOf('@');
        if (at <= 0 || at == from.length() - 1 || from.chars().anyMatch(c -> c <= ' ' || c == '<' || c == '>')) {
            throw new UserError(ExitCode.USAGE, "--from '" + from + "': not an address of the form local@domain");
        }
    }

    private static Name domain(String text, String address) {
        try {
            return Name.fromString(text.toLowerCase(Locale.ROOT), Name.root);
        } catch (TextParseException e) {
            throw new UserError(ExitCode.USAGE, "--to '" + address + "': bad domain: " + e.getMessage());
        }
    }

    private static void printText(DeliveryReport report, PrintWriter out, boolean dsnAsked) {
        for (RecipientOutcome r : report.recipients()) {
            String where = r.route().map(u -> " via " + u.relay() + ", " + u.tls().describe()).orElse("");
            out.println(r.recipient() + ": " + r.status().name().toLowerCase(Locale.ROOT) + " (" + r.enhancedStatus() + ")"
                    + where + ": " + r.reason());
            if (dsnAsked && r.status() == RecipientOutcome.Status.DELIVERED) {
                // send keeps nothing, so it sends no reports itself: without DSN at the MX, none will come
                out.println(r.route().map(RouteUsed::dsnPassedOn).orElse(false)
                        ? "  DSN parameters passed on: reports come from " + r.route().get().host().toString(true)
                        : "  DSN parameters not passed on: the MX does not announce DSN, no reports will come");
            }
        }
        for (String s : report.skipped()) {
            out.println("  skipped " + s);
        }
    }

    private static String json(List<DeliveryReport> reports) {
        List<Map<String, Object>> recipients = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (DeliveryReport report : reports) {
            skipped.addAll(report.skipped());
            for (RecipientOutcome r : report.recipients()) {
                Map<String, Object> o = new LinkedHashMap<>();
                o.put("recipient", r.recipient());
                o.put("domain", report.domain().toString(true));
                o.put("status", r.status().name().toLowerCase(Locale.ROOT));
                o.put("enhancedStatus", r.enhancedStatus());
                o.put("reason", r.reason());
                o.put("fault", r.fault().name().toLowerCase(Locale.ROOT));
                r.route().ifPresent(u -> {
                    o.put("mx", u.host().toString(true));
                    o.put("address", u.address().getAddress().getHostAddress());
                    o.put("port", u.address().getPort());
                    o.put("tls", u.tls().level().label());
                    o.put("tlsAuthentication", u.tls().how());
                    o.put("tlsProtocol", u.tls().protocol());
                    o.put("tlsCipher", u.tls().cipher());
                    o.put("dsnPassedOn", u.dsnPassedOn());
                });
                recipients.add(o);
            }
        }
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("recipients", recipients);
        root.put("skipped", skipped);
        try {
            return new ObjectMapper().writeValueAsString(root);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** EventText - one line per delivery event, for --verbose. */
    static final class EventText {
        private EventText() {
        }

        static String describe(DeliveryEvent e) {
            if (e instanceof DeliveryEvent.MxResolved m) {
                return "MX " + m.domain().toString(true) + ": " + m.result();
            } else if (e instanceof DeliveryEvent.RouteChosen c) {
                return "route " + c.route().host().host().toString(true) + " " + c.route().addresses() + ": "
                        + c.route().requirement().level() + " (" + c.route().requirement().why() + ")";
            } else if (e instanceof DeliveryEvent.RouteSkipped s) {
                return "skip " + s.skip().host().host().toString(true) + ": " + s.skip().reason();
            } else if (e instanceof DeliveryEvent.Connecting c) {
                return "connect " + c.host().toString(true) + " " + c.address();
            } else if (e instanceof DeliveryEvent.RouteFailed f) {
                return "failed " + f.host().toString(true) + " " + f.address() + " (" + f.enhancedStatus() + "): " + f.reason();
            } else if (e instanceof DeliveryEvent.TlsEstablished t) {
                return "tls " + t.host().toString(true) + ": " + t.tls().describe();
            } else if (e instanceof DeliveryEvent.Reusing r) {
                return "reuse " + r.host().toString(true) + " " + r.address() + " (transaction " + r.transaction() + "): "
                        + r.tls().describe();
            } else if (e instanceof DeliveryEvent.StaleConnection s) {
                return "stale " + s.host().toString(true) + " " + s.address() + ": " + s.reason();
            } else if (e instanceof DeliveryEvent.RecipientDone d) {
                return "recipient " + d.outcome().recipient() + ": " + d.outcome().status() + " " + d.outcome().reason();
            }
            return e.toString();
        }
    }
}
