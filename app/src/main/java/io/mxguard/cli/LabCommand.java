package io.mxguard.cli;

import io.mxguard.lab.report.HtmlReport;
import io.mxguard.lab.scenario.Attack;
import io.mxguard.lab.scenario.AttackMatrix;
import io.mxguard.lab.scenario.DnsAttack;
import io.mxguard.lab.scenario.DnsAttackRunner;
import io.mxguard.lab.scenario.Matrix;
import io.mxguard.lab.sender.SenderMode;
import io.mxguard.lab.world.LabWorld;
import io.mxguard.pki.Certificates;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * LabCommand - the attack lab: builds the seed's world on loopback (signed DNS, Bob's MX, the
 * attacker's resolver, MX and on-path stripper), sends Alice's message in every sender mode
 * against every attack, and shows who delivered, who read it, who refused, and why.
 */
@Command(name = "lab", mixinStandardHelpOptions = true,
        description = {"The attack lab on loopback: every sender mode against every MX-hijacking and STARTTLS-stripping attack.",
                "Prints who delivered, who read the mail, who refused and why.",
                "Exit 0 only if every cell matched its expected outcome, 1 otherwise (naming the cells)."},
        footer = {"", "Examples:",
                "  mxguard lab",
                "  mxguard lab --scenario mx-ad-set --scenario starttls-stripped --mode opportunistic --mode mxguard",
                "  mxguard lab --json lab.json --html lab.html",
                "  mxguard lab --dns                              # the resolver-level table: what our validator says to each lie",
                "  mxguard lab --serve --scenario mx-ad-set       # keep the world up, with that attack in place"})
final class LabCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--scenario", paramLabel = "NAME",
            description = "Run only this attack (repeatable): ${COMPLETION-CANDIDATES}.", completionCandidates = AttackNames.class)
    List<String> scenarios = new ArrayList<>();

    @Option(names = "--mode", paramLabel = "NAME",
            description = "Run only this sender mode (repeatable): ${COMPLETION-CANDIDATES}.", completionCandidates = ModeNames.class)
    List<String> modes = new ArrayList<>();

    @Option(names = "--json", paramLabel = "FILE", description = "Also write every cell (expected, actual, story, event trail) as JSON.")
    Path json;

    @Option(names = "--html", paramLabel = "FILE",
            description = "Also write one self-contained HTML page: the matrix and a sequence diagram per cell.")
    Path html;

    @Option(names = "--dns", description = "Print the resolver-level table instead: each lie of the attacker's resolver and our validator's verdict.")
    boolean dns;

    @Option(names = "--serve", description = "Build the world, print how to reach it, and keep it running until interrupted.")
    boolean serve;

    @Option(names = "--port", paramLabel = "N", defaultValue = "0",
            description = "With --serve: the MX hosts' shared SMTP port (names the TLSA records _N._tcp.HOST); default: a free high port.")
    int port;

    @Option(names = "--color", paramLabel = "WHEN", defaultValue = "auto",
            description = "Colour the outcomes: auto (a terminal without NO_COLOR), always, never.")
    String color;

    @Override
    public Integer call() throws IOException, InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        LabReport report = new LabReport(out, useColor());
        if (port < 0 || port > 65535) {
            throw new UserError(ExitCode.USAGE, "--port must be 1-65535 (or 0 for a free one), not " + port);
        }
        if (dns) {
            return dnsTable(report, out);
        }
        List<Attack> attacks = chosen(scenarios, Attack.values(), Attack::id, Attack::byId, "scenario");
        List<SenderMode> senders = chosen(modes, SenderMode.values(), SenderMode::id, SenderMode::byId, "mode");
        if (serve) {
            if (scenarios.size() > 1) {
                throw new UserError(ExitCode.USAGE, "--serve takes at most one --scenario (the attack to put in place)");
            }
            return serve(scenarios.isEmpty() ? Attack.NONE : attacks.get(0), report, out);
        }
        report.story();
        Matrix matrix = new AttackMatrix(new AttackMatrix.Listener() {
            @Override
            public void worldStarted(Attack.World kind, LabWorld world) {
                report.world(kind, world);
            }
        }).run(attacks, senders);
        report.matrix(matrix);
        if (json != null) {
            Files.writeString(json, LabReport.json(matrix));
            out.println("JSON written to " + json);
        }
        if (html != null) {
            HtmlReport.write(matrix, html);
            out.println("HTML written to " + html);
        }
        return report.verdict(matrix) ? ExitCode.OK : ExitCode.MISMATCH;
    }

    private int dnsTable(LabReport report, PrintWriter out) throws IOException {
        List<DnsAttack> chosen = chosen(scenarios, DnsAttack.values(), DnsAttack::id, DnsAttack::byId, "DNS scenario");
        try (LabWorld lab = startWorld()) {
            report.story();
            report.world(Attack.World.DANE, lab);
            out.println();
            DnsLabReport dnsReport = new DnsLabReport(out, report.terminal());
            List<DnsAttackRunner.Outcome> outcomes = new DnsAttackRunner(lab.dns()).run(chosen);
            dnsReport.table(outcomes);
            if (json != null) {
                Files.writeString(json, DnsLabReport.json(lab.dns(), outcomes));
                out.println("JSON written to " + json);
            }
            return dnsReport.verdict(outcomes) ? ExitCode.OK : ExitCode.MISMATCH;
        }
    }

    private LabWorld startWorld() throws IOException {
        try {
            return LabWorld.start(LabWorld.Options.defaults().withSmtpPort(port));
        } catch (java.net.BindException e) {
            throw new UserError(ExitCode.UNAVAILABLE, "cannot listen on SMTP port " + port + " on the lab addresses ("
                    + e.getMessage() + "); choose another --port, or 0 for a free one");
        }
    }

    interface Lookup<T> {
        java.util.Optional<T> byId(String id);
    }

    private static <T> List<T> chosen(List<String> names, T[] all, java.util.function.Function<T, String> id, Lookup<T> lookup,
                                      String what) {
        if (names.isEmpty()) {
            return Arrays.asList(all);
        }
        List<T> chosen = new ArrayList<>();
        for (String name : names) {
            chosen.add(lookup.byId(name).orElseThrow(() -> new UserError(ExitCode.USAGE, "unknown " + what + " '" + name
                    + "'; known: " + String.join(", ", Arrays.stream(all).map(id).toList()))));
        }
        return chosen;
    }

    private int serve(Attack attack, LabReport report, PrintWriter out) throws IOException, InterruptedException {
        LabWorld.Options options = LabWorld.Options.defaults().withSmtpPort(port);
        if (attack.world() == Attack.World.NO_TLSA) {
            options = options.withTlsa(io.mxguard.lab.world.TlsaPublication.NONE);
        } else if (attack.world() == Attack.World.UNSIGNED) {
            options = options.withTlsa(io.mxguard.lab.world.TlsaPublication.NONE).withUnsignedDestination();
        }
        LabWorld lab;
        try {
            lab = LabWorld.start(options);
        } catch (java.net.BindException e) {
            throw new UserError(ExitCode.UNAVAILABLE, "cannot listen on SMTP port " + port + " (" + e.getMessage()
                    + "); choose another --port, or 0 for a free one");
        }
        lab.dns().hijack(attack.rules(lab.addresses()));
        lab.onPath(attack.onPath());
        Path ca = lab.dns().directory().resolve("lab-public-ca.pem");
        Files.writeString(ca, Certificates.pem(lab.publicCa().certificate()));
        report.serving(lab, attack, ca);
        out.flush();
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            lab.close();
            stop.countDown();
        }, "mxguard-lab-stop"));
        stop.await();
        return ExitCode.OK;
    }

    private boolean useColor() {
        return switch (color.toLowerCase()) {
            case "always" -> true;
            case "never" -> false;
            case "auto" -> System.console() != null && System.getenv("NO_COLOR") == null
                    && !"dumb".equals(System.getenv("TERM"));
            default -> throw new UserError(ExitCode.USAGE, "--color must be auto, always or never, not '" + color + "'");
        };
    }

    /** The attack ids, for --help. */
    static final class AttackNames extends ArrayList<String> {
        private static final long serialVersionUID = 1L;

        AttackNames() {
            Arrays.stream(Attack.values()).forEach(a -> add(a.id()));
        }
    }

    /** The sender mode ids, for --help. */
    static final class ModeNames extends ArrayList<String> {
        private static final long serialVersionUID = 1L;

        ModeNames() {
            Arrays.stream(SenderMode.values()).forEach(m -> add(m.id()));
        }
    }
}
