package io.mxguard.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.mxguard.lab.dns.ServedZone;
import io.mxguard.lab.scenario.Attack;
import io.mxguard.lab.scenario.Cell;
import io.mxguard.lab.scenario.Matrix;
import io.mxguard.lab.scenario.Outcome;
import io.mxguard.lab.scenario.TrailEvent;
import io.mxguard.lab.world.DnsWorld;
import io.mxguard.lab.world.LabWorld;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * LabReport - how {@code mxguard lab} prints: the seed's story, the world (who is where), the
 * matrix of attacks × sender modes, one line per cell that is not {@code delivered}, the verdict;
 * and the JSON twin of it.
 */
final class LabReport {
    private static final int ATTACK_COLUMN = 20;
    private static final int MODE_COLUMN = 18;

    private final PrintWriter out;
    private final Terminal term;
    private boolean worldShown;

    LabReport(PrintWriter out, boolean color) {
        this.out = out;
        this.term = new Terminal(color);
    }

    Terminal terminal() {
        return term;
    }

    void story() {
        out.println(term.bold("mxguard lab") + " - DNS MX hijacking and STARTTLS stripping, on loopback");
        out.println();
        out.println("  Alice's server (smtp.source.com) asks its resolver where destination.com takes mail, then connects there.");
        out.println("  An attacker who controls that resolver (or sits on the path and strips STARTTLS) answers with its own");
        out.println("  server, mx.attacker.net, reads the mail and forwards it to Bob. mxguard validates DNSSEC itself and requires DANE.");
        out.println();
    }

    /** world - who is where; the first world in full, later ones (other kinds of destination) in one line. */
    void world(Attack.World kind, LabWorld lab) {
        DnsWorld world = lab.dns();
        String what = switch (kind) {
            case DANE -> "destination.com signed, TLSA " + lab.bobTlsa().stream()
                    .map(r -> r.getCertificateUsage() + " " + r.getSelector() + " " + r.getMatchingType()).toList();
            case NO_TLSA -> "destination.com signed, no TLSA";
            case UNSIGNED -> "destination.com unsigned";
        };
        if (worldShown) {
            out.println("  another world: " + what + "; DNS " + Terminal.hostPort(world.honestResolver()) + ", SMTP port "
                    + lab.smtpPort());
            return;
        }
        worldShown = true;
        out.println("World (loopback" + (lab.singleAddress() ? "; only 127.0.0.1 here: actors share it and differ by port" : "")
                + "), " + what + ":");
        row("honest DNS (Alice's resolver)", Terminal.hostPort(world.honestResolver()),
                "serves " + zones(world, true) + " signed; " + zones(world, false) + " unsigned");
        row("attacker's resolver", Terminal.hostPort(world.hijackingResolver()), "forwards to the honest one and lies");
        row("mx.destination.com (Bob)", Terminal.hostPort(lab.bobMx().address()), "SMTP + STARTTLS, lab public CA certificate");
        row("mx.attacker.net (attacker)", Terminal.hostPort(lab.attackerMx().address()),
                "SMTP + STARTTLS; reads what it gets and forwards it to Bob");
        row("on-path STARTTLS stripper", Terminal.hostPort(lab.stripper().address()), "in front of Bob when the attack says so");
        row("lab trust anchor", world.trustAnchorFile().toString(), "the lab root's DS, like the IANA root anchor");
    }

    private void row(String who, String where, String what) {
        out.printf("  %-31s %-22s %s%n", who, where, what);
    }

    private static String zones(DnsWorld world, boolean signed) {
        return world.dns().zones().stream().filter(z -> z.isSigned() == signed)
                .map(ServedZone::origin).map(Object::toString).collect(Collectors.joining(" "));
    }

    /** matrix - the table, then one line for every cell that is not plainly delivered. */
    void matrix(Matrix m) {
        out.println();
        StringBuilder head = new StringBuilder(String.format("%-" + ATTACK_COLUMN + "s", "attack \\ sender"));
        m.modes().forEach(mode -> head.append(' ').append(String.format("%-" + MODE_COLUMN + "s", mode.id())));
        out.println(term.bold(head.toString().stripTrailing()));
        for (Matrix.Axis attack : m.attacks()) {
            StringBuilder line = new StringBuilder(String.format("%-" + ATTACK_COLUMN + "s", attack.id()));
            for (Matrix.Axis mode : m.modes()) {
                Cell c = m.cell(attack.id(), mode.id()).orElseThrow();
                String word = c.actual().word() + (c.matched() ? "" : "!");
                line.append(' ').append(term.pad(Terminal.truncate(word, MODE_COLUMN), MODE_COLUMN, colour(c)));
            }
            out.println(line.toString().stripTrailing());
        }
        out.println("  (! = not the expected outcome)");
        out.println();
        for (Cell c : m.cells()) {
            if (c.actual().kind() != Outcome.Kind.DELIVERED || !c.matched()) {
                // Where even mxguard is intercepted, say so plainly: only the destination can close it.
                String unavoidable = c.mode().equals("mxguard") && c.actual().kind() == Outcome.Kind.INTERCEPTED
                        ? term.paint(" => " + c.why(), Terminal.BOLD) : "";
                out.println("  " + c.story() + unavoidable
                        + (c.matched() ? "" : "  " + term.paint("[expected " + c.expected() + "]", Terminal.RED)));
            }
        }
        out.println();
    }

    private static String colour(Cell c) {
        if (!c.matched()) {
            return Terminal.RED + Terminal.BOLD;
        }
        return switch (c.actual().kind()) {
            case DELIVERED -> Terminal.GREEN;
            case INTERCEPTED -> Terminal.RED;
            case DEFERRED -> Terminal.YELLOW;
        };
    }

    /** verdict - the last line; true when every cell matched. */
    boolean verdict(Matrix m) {
        List<Cell> misses = m.mismatches();
        String took = String.format(Locale.ROOT, "%.1f s", m.took().toMillis() / 1000.0);
        if (misses.isEmpty()) {
            out.println(term.paint("verdict: all " + m.cells().size() + " cells matched their expected outcome (" + took
                    + "); mxguard was never intercepted where the destination protects itself", Terminal.GREEN));
            return true;
        }
        out.println(term.paint("verdict: " + misses.size() + " of " + m.cells().size() + " cells did not match: "
                + misses.stream().map(c -> c.attack() + " x " + c.mode() + " (expected " + c.expected() + ", got "
                + c.actual() + ")").collect(Collectors.joining(", ")) + " (" + took + ")", Terminal.RED));
        return false;
    }

    static String json(Matrix m) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("attacks", m.attacks());
        root.put("modes", m.modes());
        List<Map<String, Object>> cells = new ArrayList<>();
        for (Cell c : m.cells()) {
            Map<String, Object> cell = new LinkedHashMap<>();
            cell.put("attack", c.attack());
            cell.put("mode", c.mode());
            cell.put("expected", c.expected().word());
            cell.put("actual", c.actual().word());
            cell.put("matched", c.matched());
            cell.put("why", c.why());
            cell.put("story", c.story());
            List<Map<String, Object>> trail = new ArrayList<>();
            for (TrailEvent e : c.trail()) {
                Map<String, Object> ev = new LinkedHashMap<>();
                ev.put("at", e.at().toString());
                ev.put("from", e.from().label());
                ev.put("to", e.to().label());
                ev.put("kind", e.kind().name().toLowerCase(Locale.ROOT));
                ev.put("label", e.label());
                trail.add(ev);
            }
            cell.put("trail", trail);
            cells.add(cell);
        }
        root.put("cells", cells);
        root.put("allMatched", m.mismatches().isEmpty());
        root.put("seconds", m.took().toMillis() / 1000.0);
        try {
            return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    void serving(LabWorld lab, Attack attack, Path caFile) {
        DnsWorld world = lab.dns();
        String honest = Terminal.hostPort(world.honestResolver());
        String hijacker = Terminal.hostPort(world.hijackingResolver());
        String anchor = world.trustAnchorFile().toString();
        out.println(term.bold("mxguard lab --serve") + ": the lab world is running on loopback. Ctrl-C (SIGINT/SIGTERM) stops it.");
        out.println();
        Attack.World kind = attack.world();
        world(kind, lab);
        row("attack in place", attack.id(), attack.description());
        row("lab public CA (PEM)", caFile.toString(), "for --ca-file with --level verify");
        row("BIND-format anchor (delv -a)", world.bindTrustAnchorFile().toString(), "");
        row("zone files", world.directory().resolve("zones").toString(), "");
        out.println();
        String resolver = attack.rules(lab.addresses()).isEmpty() ? honest : hijacker;
        var r = attack.rules(lab.addresses()).isEmpty() ? world.honestResolver() : world.hijackingResolver();
        String smtp = " --port " + lab.smtpPort() + " --resolver " + resolver + " --trust-anchor " + anchor;
        out.println("Try (Alice's resolver in this attack is " + resolver + "):");
        out.println("  ./mxguard resolve --resolver " + resolver + " --trust-anchor " + anchor + " destination.com MX");
        out.println("  ./mxguard probe" + smtp + " destination.com");
        out.println("  echo 'Subject: hello' | ./mxguard send" + smtp + " --from alice@source.com --to bob@destination.com");
        out.println("  dig @" + r.getAddress().getHostAddress() + " -p " + r.getPort() + " +dnssec destination.com MX");
        out.println("  delv @" + r.getAddress().getHostAddress() + " -p " + r.getPort() + " -a " + world.bindTrustAnchorFile()
                + " +root=. destination.com MX");
        out.println("  swaks --server " + Terminal.hostPort(lab.bobMx().address()).replace(":" + lab.smtpPort(), "")
                + " --port " + lab.smtpPort() + " --tls --from alice@source.com --to bob@destination.com");
        if (attack.onPath()) {
            out.println("  (the stripper at " + Terminal.hostPort(lab.stripper().address())
                    + " relays to Bob without STARTTLS: point swaks or posttls-finger at it to see the downgrade)");
        }
    }
}
