package io.mxguard.lab.scenario;

import io.mxguard.dns.DnsAnswer;
import io.mxguard.dns.ResolverOptions;
import io.mxguard.dns.TrustAnchorException;
import io.mxguard.dns.TrustAnchors;
import io.mxguard.dns.Upstream;
import io.mxguard.dns.ValidatingSecureResolver;
import io.mxguard.lab.world.DnsWorld;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.xbill.DNS.DClass;
import org.xbill.DNS.ExtendedFlags;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * DnsAttackRunner - runs {@link DnsAttack} scenarios against a running {@link DnsWorld}: sets the
 * hijacking resolver's rules, records what that resolver told a plain client (records and AD bit,
 * what a resolver-trusting sender believes), and what our validator concluded from the same
 * resolver. Each scenario gets a fresh validator, so no verdict leaks through a cache.
 */
public final class DnsAttackRunner {

    /** Outcome - one scenario: what the resolver said, what we concluded, and whether that was expected. */
    public record Outcome(DnsAttack attack, Name question, String resolverSaid, boolean resolverAd,
                          boolean pointsAtAttacker, DnsAnswer verdict) {
        public boolean matched() {
            return attack.expect().matches(verdict.security());
        }
    }

    private final DnsWorld world;
    private final TrustAnchors anchors;

    public DnsAttackRunner(DnsWorld world) throws IOException {
        this.world = world;
        try {
            this.anchors = TrustAnchors.load(world.trustAnchorFile());
        } catch (TrustAnchorException e) {
            throw new IOException("lab trust anchor unreadable: " + e.getMessage(), e);
        }
    }

    /** run - every scenario in order; the hijacker is left without rules afterwards. */
    public List<Outcome> run(List<DnsAttack> attacks) throws IOException {
        List<Outcome> outcomes = new ArrayList<>();
        try {
            for (DnsAttack attack : attacks) {
                outcomes.add(run(attack));
            }
        } finally {
            world.hijack(List.of());
        }
        return outcomes;
    }

    /** run - one scenario: Alice's server asks the (possibly hijacking) resolver. */
    public Outcome run(DnsAttack attack) throws IOException {
        world.hijack(attack.rules(world.addresses()));
        Name question = attack.question(world.zones());
        Message raw = plainQuery(world.hijackingResolver(), question, attack.type());
        InetSocketAddress via = world.hijackingResolver();
        DnsAnswer verdict;
        try (ValidatingSecureResolver resolver = ValidatingSecureResolver.create(
                List.of(new Upstream(via.getAddress().getHostAddress(), via.getPort())), anchors,
                ResolverOptions.defaults().withTimeoutPerTry(Duration.ofSeconds(2)), Clock.systemUTC())) {
            verdict = resolver.lookup(question, attack.type());
        }
        String said = describe(raw, attack.type());
        boolean attacker = said.contains(DnsAttack.Names.ATTACKER_MX.toString())
                || said.contains(world.addresses().attackerMx().getHostAddress());
        return new Outcome(attack, question, said, raw.getHeader().getFlag(Flags.AD), attacker, verdict);
    }

    /** plainQuery - what a non-validating sender sees: one query, RD and DO set, nothing checked. */
    private static Message plainQuery(InetSocketAddress server, Name name, int type) throws IOException {
        SimpleResolver plain = new SimpleResolver(server);
        plain.setTimeout(Duration.ofSeconds(2));
        plain.setEDNS(0, 1232, ExtendedFlags.DO);
        return plain.send(Message.newQuery(Record.newRecord(name, type, DClass.IN)));
    }

    private static String describe(Message reply, int type) {
        int rcode = reply.getRcode();
        if (rcode != Rcode.NOERROR) {
            return Rcode.string(rcode);
        }
        List<String> data = reply.getSection(Section.ANSWER).stream()
                .filter(r -> r.getType() == type)
                .map(r -> r.rdataToString())
                .collect(Collectors.toList());
        return data.isEmpty() ? "NODATA" : String.join(", ", data);
    }
}
