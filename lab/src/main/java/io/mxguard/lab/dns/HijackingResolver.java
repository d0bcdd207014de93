package io.mxguard.lab.dns;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.xbill.DNS.ExtendedFlags;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;

/**
 * HijackingResolver - the attacker's DNS of the seed story: a forwarder in front of an upstream
 * (normally the lab's {@link AuthoritativeServer}) that rewrites answers by {@link HijackRule}s.
 *
 * <p>Every query is forwarded (UDP, then TCP when the upstream truncates) with the client's DO
 * and CD bits; the reply goes through the rules in order and back to the client, truncated to
 * its UDP size if need be. What no rule touches passes through unchanged, so validation of the
 * rest of the chain still works through it. An upstream failure is SERVFAIL.
 *
 * <p>Each query yields one {@link DnsQueryEvent} whose actions name the rules that fired.
 * Thread-safe; {@link #rules(List)} swaps the rules atomically while serving.
 */
public final class HijackingResolver implements AutoCloseable {
    private static final Duration UPSTREAM_TIMEOUT = Duration.ofSeconds(2);

    private final DnsTransport transport;
    private final HijackUpstream upstream;
    private final AtomicReference<List<HijackRule>> rules;
    private final int udpPayloadSize;
    private final Random ids = new SecureRandom();

    /** HijackingResolver - on 127.0.0.1, a free port, no listener. */
    public HijackingResolver(InetSocketAddress upstream, List<HijackRule> rules) {
        this(DnsServerConfig.loopback(), upstream, rules, event -> {});
    }

    public HijackingResolver(DnsServerConfig config, InetSocketAddress upstream, List<HijackRule> rules,
            Consumer<DnsQueryEvent> listener) {
        this.upstream = new HijackUpstream(upstream, UPSTREAM_TIMEOUT);
        this.rules = new AtomicReference<>(List.copyOf(rules));
        this.udpPayloadSize = config.udpPayloadSize();
        this.transport = new DnsTransport("hijacker", config, this::respond, listener);
    }

    /** start - bind UDP and TCP on the same port and begin forwarding. */
    public HijackingResolver start() throws IOException {
        transport.start();
        return this;
    }

    public InetSocketAddress address() {
        return transport.address();
    }

    /** rules - the rules in force now. */
    public List<HijackRule> rules() {
        return rules.get();
    }

    /** rules - replace the rules; queries already being answered finish with the old ones. */
    public void rules(List<HijackRule> replacement) {
        rules.set(List.copyOf(replacement));
    }

    @Override
    public void close() {
        transport.close();
    }

    /** respond - forward, rewrite, hand back: the whole hijack in three steps. */
    private DnsResponder.Reply respond(Message query, InetSocketAddress client) {
        Message reply;
        try {
            reply = forward(query);
        } catch (IOException e) {
            Message failure = DnsWire.replyTo(query, udpPayloadSize);
            failure.getHeader().setFlag(Flags.RA);
            DnsWire.setRcode(failure, Rcode.SERVFAIL);
            return new DnsResponder.Reply(failure, List.of("upstream failed: " + e.getMessage()));
        }
        List<HijackRule> fired = HijackRewriter.apply(rules.get(), query, reply);
        List<String> actions = new ArrayList<>();
        actions.add("forwarded to " + upstream.address());
        fired.forEach(rule -> actions.add(rule.toString()));
        return new DnsResponder.Reply(reply, actions);
    }

    /** forward - the client's question with a fresh ID and our EDNS; the reply back under the client's ID. */
    private Message forward(Message query) throws IOException {
        Message out = new Message(ids.nextInt(0x10000));
        out.getHeader().setFlag(Flags.RD);
        if (query.getHeader().getFlag(Flags.CD)) {
            out.getHeader().setFlag(Flags.CD);
        }
        out.addRecord(query.getQuestion(), Section.QUESTION);
        boolean dnssec = DnsWire.dnssecOk(query);
        out.addRecord(new OPTRecord(udpPayloadSize, 0, 0, dnssec ? ExtendedFlags.DO : 0), Section.ADDITIONAL);

        Message upstreamReply = upstream.exchange(out);
        Message reply = DnsWire.replyTo(query, udpPayloadSize);
        reply.getHeader().setFlag(Flags.RA); // it poses as the client's recursive resolver
        for (int flag : new int[] {Flags.AA, Flags.AD}) {
            if (upstreamReply.getHeader().getFlag(flag)) {
                reply.getHeader().setFlag(flag);
            }
        }
        for (int section : new int[] {Section.ANSWER, Section.AUTHORITY, Section.ADDITIONAL}) {
            for (Record r : upstreamReply.getSection(section)) {
                if (r.getType() != org.xbill.DNS.Type.OPT) {
                    reply.addRecord(r, section);
                }
            }
        }
        DnsWire.setRcode(reply, upstreamReply.getRcode());
        return reply;
    }
}
