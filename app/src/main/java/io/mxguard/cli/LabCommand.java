package io.mxguard.cli;

import io.mxguard.lab.world.LabWorld;
import io.mxguard.pki.Certificates;
import io.mxguard.lab.scenario.DnsAttack;
import io.mxguard.lab.scenario.DnsAttackRunner;
import io.mxguard.lab.world.DnsWorld;
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
 * LabCommand - the attack lab. Today it runs the DNS half of the story: the seed's signed DNS tree
 * on loopback, the attacker's resolver lying in each way the table {@link DnsAttack} lists, and
 * our validator's verdict on each lie. The SMTP half (senders, Bob's MX, the attacker's relay,
 * the STARTTLS stripper) arrives with the attack-lab issue.
 */
@Command(name = "lab", mixinStandardHelpOptions = true,
        description = {"Run the attack lab on loopback: build the seed's signed DNS world, let the attacker's resolver lie,",
                "and show which lies a resolver-trusting sender would believe and what mxguard's own validation concludes.",
                "Exit 0 only if every scenario reached its expected verdict, 1 otherwise (naming them)."},
        footer = {"", "Examples:",
                "  mxguard lab",
                "  mxguard lab --scenario mx-rewritten --scenario mx-ad-set --json lab.json",
                "  mxguard lab --serve                       # keep the world running for dig, delv, unbound, mxguard resolve",
                "  mxguard lab --serve --scenario mx-ad-set  # ... with the hijacking resolver telling that lie"})
final class LabCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--scenario", paramLabel = "NAME",
            description = "Run only this scenario (repeatable). One of: ${COMPLETION-CANDIDATES}.",
            completionCandidates = ScenarioNames.class)
    List<String> scenarios = new ArrayList<>();

    @Option(names = "--json", paramLabel = "FILE", description = "Also write every scenario, expected and actual, as JSON.")
    Path json;

    @Option(names = "--serve", description = "Build the world, print how to reach it, and keep it running until interrupted.")
    boolean serve;

    @Option(names = "--port", paramLabel = "N", defaultValue = "0",
            description = "The MX hosts' shared SMTP port (names the TLSA records _N._tcp.HOST); default: a free high port.")
    int port;

    @Option(names = "--color", paramLabel = "WHEN", defaultValue = "auto",
            description = "Colour the outcomes: auto (a terminal without NO_COLOR), always, never.")
    String color;

    @Override
    public Integer call() throws IOException, InterruptedException {
        List<DnsAttack> chosen = chosenScenarios();
        if (port < 0 || port > 65535) {
            throw new UserError(ExitCode.USAGE, "--port must be 1-65535 (or 0 for a free one), not " + port);
        }
        PrintWriter out = spec.commandLine().getOut();
        try (LabWorld lab = startWorld()) {
            DnsWorld world = lab.dns();
            if (serve) {
                return serve(lab, chosen, out);
            }
            LabReport report = new LabReport(out, useColor());
            report.story(lab);
            List<DnsAttackRunner.Outcome> outcomes = new DnsAttackRunner(world).run(chosen);
            report.table(outcomes);
            if (json != null) {
                Files.writeString(json, LabReport.json(world, outcomes));
                out.println("JSON written to " + json);
            }
            return report.verdict(outcomes) ? ExitCode.OK : ExitCode.MISMATCH;
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

    private List<DnsAttack> chosenScenarios() {
        if (scenarios.isEmpty()) {
            return Arrays.asList(DnsAttack.values());
        }
        List<DnsAttack> chosen = new ArrayList<>();
        for (String name : scenarios) {
            chosen.add(DnsAttack.byId(name).orElseThrow(() -> new UserError(ExitCode.USAGE,
                    "unknown scenario '" + name + "'; known: " + String.join(", ", new ScenarioNames()))));
        }
        return chosen;
    }

    private int serve(LabWorld lab, List<DnsAttack> chosen, PrintWriter out) throws InterruptedException, IOException {
        DnsWorld world = lab.dns();
        if (chosen.size() > 1 && !scenarios.isEmpty()) {
            throw new UserError(ExitCode.USAGE, "--serve takes at most one --scenario (the hijacking resolver's lie)");
        }
        DnsAttack lie = scenarios.isEmpty() ? DnsAttack.MX_REWRITTEN : chosen.get(0);
        world.hijack(lie.rules(world.addresses()));
        Path ca = world.directory().resolve("lab-public-ca.pem");
        Files.writeString(ca, Certificates.pem(lab.publicCa().certificate()));
        new LabReport(out, useColor()).serving(lab, lie, ca);
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

    /** The scenario ids, for --help and for the error on an unknown one. */
    static final class ScenarioNames extends ArrayList<String> {
        private static final long serialVersionUID = 1L;

        ScenarioNames() {
            for (DnsAttack a : DnsAttack.values()) {
                add(a.id());
            }
        }
    }
}
