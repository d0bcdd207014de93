package io.mxguard.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.mxguard.lab.world.LabWorld;
import io.mxguard.lab.dns.ServedZone;
import io.mxguard.lab.scenario.DnsAttack;
import io.mxguard.lab.scenario.DnsAttackRunner.Outcome;
import io.mxguard.lab.world.DnsWorld;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.xbill.DNS.Type;

/** LabReport - how the lab prints: the story, the world, the table, one line per attack, the verdict. */
final class LabReport {
    private static final String GREEN = "\u001b[32m";
    private static final String RED = "\u001b[31m";
    private static final String BOLD = "\u001b[1m";
    private static final String RESET = "\u001b[0m";

    private final PrintWriter out;
    private final boolean color;

    LabReport(PrintWriter out, boolean color) {
        this.out = out;
        this.color = color;
    }

    void story(LabWorld lab) {
        DnsWorld world = lab.dns();
        out.println(bold("mxguard lab") + " - DNS MX hijacking, DNS half (the SMTP senders arrive with the attack-lab issue)");
        out.println();
        out.println("  Alice's server (smtp.source.com) asks its resolver where destination.com takes mail.");
        out.println("  An attacker who controls that resolver answers with its own server, mx.attacker.net, and reads the mail.");
        out.println("  mxguard checks every answer's signatures itself, from the root trust anchor: a lie is BOGUS, not a destination.");
        out.println();
        world(lab);
        out.println();
    }

    private void world(LabWorld lab) {
        DnsWorld world = lab.dns();
        out.println("World (loopback" + (lab.singleAddress() ? ", one shared address: no 127.0.10.x here, actors differ by port" : "") + "):");
        row("honest DNS (Alice's resolver)", hostPort(world.honestResolver()), "serves " + zones(world, true) + " signed; " + zones(world, false) + " unsigned");
        row("hijacking DNS (the attacker)", hostPort(world.hijackingResolver()), "forwards to the honest one and lies");
        row("mx.destination.com (Bob)", hostPort(lab.bobMx().address()), "SMTP+STARTTLS, lab public CA certificate; TLSA "
                + lab.bobTlsa().stream().map(r -> r.getCertificateUsage() + " " + r.getSelector() + " " + r.getMatchingType()).toList());
        row("mx.attacker.net (attacker)", hostPort(lab.attackerMx().address()), "SMTP+STARTTLS, a valid public-CA certificate for its own name");
        row("lab trust anchor", world.trustAnchorFile().toString(), "the lab root's DS, like the IANA root anchor");
    }

    private void row(String who, String where, String what) {
        out.printf("  %-31s %-22s %s%n", who, where, what);
    }

    private static String zones(DnsWorld world, boolean signed) {
        return world.dns().zones().stream().filter(z -> z.isSigned() == signed)
                .map(ServedZone::origin).map(Object::toString).collect(Collectors.joining(" "));
    }

    void table(List<Outcome> outcomes) {
        out.printf(bold("%-22s %-52s %-28s %-14s %s") + "%n", "scenario", "what the attacker's resolver does",
                "resolver answered", "mxguard", "expected");
        for (Outcome o : outcomes) {
            String said = truncate(o.resolverSaid(), 22) + (o.resolverAd() ? " AD=1" : "");
            String verdict = o.verdict().security().name();
            out.printf("%-22s %-52s %s %s %s%n", o.attack().id(), truncate(o.attack().description(), 52),
                    pad(said, 28, o.pointsAtAttacker() ? RED : null),
                    pad(verdict, 14, o.matched() ? GREEN : RED),
                    o.attack().expect() + (o.matched() ? "" : "  " + paint("MISMATCH", RED)));
        }
        out.println();
        for (Outcome o : outcomes) {
            out.println(explain(o));
        }
        out.println();
    }

    /** explain - one line: what the resolver said, who would believe it, what we concluded and why. */
    static String explain(Outcome o) {
        DnsAttack a = o.attack();
        String question = o.question() + "/" + Type.string(a.type());
        String said = "resolver answered " + question + " = " + o.resolverSaid() + (o.resolverAd() ? " with AD=1" : "");
        String believer = o.pointsAtAttacker()
                ? (o.resolverAd() ? "; a sender trusting AD (Postfix, Exim) would deliver to the attacker as DANE-secure"
                        : "; a sender trusting its resolver would deliver to the attacker")
                : "";
        String reason = o.verdict().reason().isEmpty() ? "" : " (" + o.verdict().reason() + ")";
        return "  " + a.id() + ": " + said + believer + "; mxguard: " + o.verdict().security() + reason
                + ". " + a.why() + ".";
    }

    /** verdict - prints the last line; true when every scenario matched. */
    boolean verdict(List<Outcome> outcomes) {
        List<String> misses = new ArrayList<>();
        for (Outcome o : outcomes) {
            if (!o.matched()) {
                misses.add(o.attack().id() + " (expected " + o.attack().expect() + ", got " + o.verdict().security() + ")");
            }
        }
        if (misses.isEmpty()) {
            out.println(paint("verdict: all " + outcomes.size() + " scenarios reached their expected verdict", GREEN));
            return true;
        }
        out.println(paint("verdict: " + misses.size() + " of " + outcomes.size() + " scenarios did not: "
                + String.join(", ", misses), RED));
        return false;
    }

    void serving(LabWorld lab, DnsAttack lie, java.nio.file.Path caFile) {
        DnsWorld world = lab.dns();
        String honest = hostPort(world.honestResolver());
        String hijacker = hostPort(world.hijackingResolver());
        String anchor = world.trustAnchorFile().toString();
        InetSocketAddress h = world.honestResolver();
        InetSocketAddress j = world.hijackingResolver();
        out.println(bold("mxguard lab --serve") + ": the lab world is running on loopback. Ctrl-C (SIGINT/SIGTERM) stops it.");
        out.println();
        world(lab);
        row("the attacker's lie", lie.id(), lie.description());
        row("lab public CA (PEM)", caFile.toString(), "for --ca-file with --level verify");
        row("zone files", world.directory().resolve("zones").toString(), "");
        row("BIND-format anchor (delv -a)", world.bindTrustAnchorFile().toString(), "");
        out.println();
        out.println("Try:");
        out.println("  ./mxguard resolve --resolver " + honest + " --trust-anchor " + anchor + " destination.com MX");
        out.println("  ./mxguard resolve --resolver " + hijacker + " --trust-anchor " + anchor + " destination.com MX   # the lie");
        String smtp = " --port " + lab.smtpPort() + " --resolver ";
        out.println("  ./mxguard probe" + smtp + honest + " --trust-anchor " + anchor + " destination.com");
        out.println("  echo 'Subject: hello' | ./mxguard send" + smtp + honest + " --trust-anchor " + anchor
                + " --from alice@source.com --to bob@destination.com");
        out.println("  echo 'Subject: hello' | ./mxguard send" + smtp + hijacker + " --trust-anchor " + anchor
                + " --from alice@source.com --to bob@destination.com   # the lie: deferred");
        out.println("  dig @" + h.getAddress().getHostAddress() + " -p " + h.getPort() + " +dnssec +norecurse destination.com MX");
        out.println("  delv @" + h.getAddress().getHostAddress() + " -p " + h.getPort() + " -a " + world.bindTrustAnchorFile()
                + " +root=. destination.com MX");
        out.println("  delv @" + j.getAddress().getHostAddress() + " -p " + j.getPort() + " -a " + world.bindTrustAnchorFile()
                + " +root=. destination.com MX   # the lie");
    }

    static String json(DnsWorld world, List<Outcome> outcomes) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("honestResolver", hostPort(world.honestResolver()));
        root.put("hijackingResolver", hostPort(world.hijackingResolver()));
        List<Map<String, Object>> cells = new ArrayList<>();
        for (Outcome o : outcomes) {
            Map<String, Object> cell = new LinkedHashMap<>();
            cell.put("scenario", o.attack().id());
            cell.put("description", o.attack().description());
            cell.put("question", o.question().toString());
            cell.put("type", Type.string(o.attack().type()));
            cell.put("rules", o.attack().rules(world.addresses()).stream().map(Object::toString).collect(Collectors.toList()));
            cell.put("resolverAnswered", o.resolverSaid());
            cell.put("resolverAd", o.resolverAd());
            cell.put("expected", o.attack().expect().name());
            cell.put("actual", o.verdict().security().name());
            cell.put("reason", o.verdict().reason());
            cell.put("records", o.verdict().records().stream().map(Object::toString).collect(Collectors.toList()));
            cell.put("matched", o.matched());
            cell.put("why", o.attack().why());
            cells.add(cell);
        }
        root.put("scenarios", cells);
        root.put("allMatched", outcomes.stream().allMatch(Outcome::matched));
        try {
            return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String hostPort(InetSocketAddress a) {
        String host = a.getAddress().getHostAddress();
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + a.getPort();
    }

    private static String truncate(String s, int width) {
        return s.length() <= width ? s : s.substring(0, width - 1) + "~";
    }

    private String pad(String s, int width, String ansi) {
        String padded = String.format("%-" + width + "s", s);
        return ansi == null ? padded : paint(padded, ansi);
    }

    private String paint(String s, String ansi) {
        return color ? ansi + s + RESET : s;
    }

    private String bold(String s) {
        return paint(s, BOLD);
    }
}
