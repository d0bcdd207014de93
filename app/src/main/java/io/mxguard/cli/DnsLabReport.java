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

/** DnsLabReport - {@code mxguard lab --dns}: each lie of the attacker's resolver and our validator's verdict. */
final class DnsLabReport {

    private final PrintWriter out;
    private final Terminal term;

    DnsLabReport(PrintWriter out, Terminal term) {
        this.out = out;
        this.term = term;
    }

    void table(List<Outcome> outcomes) {
        out.printf(term.bold("%-22s %-52s %-28s %-14s %s") + "%n", "scenario", "what the attacker's resolver does",
                "resolver answered", "mxguard", "expected");
        for (Outcome o : outcomes) {
            String said = Terminal.truncate(o.resolverSaid(), 22) + (o.resolverAd() ? " AD=1" : "");
            String verdict = o.verdict().security().name();
            out.printf("%-22s %-52s %s %s %s%n", o.attack().id(), Terminal.truncate(o.attack().description(), 52),
                    term.pad(said, 28, o.pointsAtAttacker() ? Terminal.RED : null),
                    term.pad(verdict, 14, o.matched() ? Terminal.GREEN : Terminal.RED),
                    o.attack().expect() + (o.matched() ? "" : "  " + term.paint("MISMATCH", Terminal.RED)));
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
            out.println(term.paint("verdict: all " + outcomes.size() + " scenarios reached their expected verdict", Terminal.GREEN));
            return true;
        }
        out.println(term.paint("verdict: " + misses.size() + " of " + outcomes.size() + " scenarios did not: "
                + String.join(", ", misses), Terminal.RED));
        return false;
    }

    static String json(DnsWorld world, List<Outcome> outcomes) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("honestResolver", Terminal.hostPort(world.honestResolver()));
        root.put("hijackingResolver", Terminal.hostPort(world.hijackingResolver()));
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
}
