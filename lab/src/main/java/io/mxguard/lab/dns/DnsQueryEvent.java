package io.mxguard.lab.dns;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;

/**
 * DnsQueryEvent - one query a lab DNS server received and what it did with it.
 *
 * <p>Emitted once per received packet (or TCP frame), after the reply was sent, to the listener
 * given at construction. {@code actions} says what happened in words a report can print: for the
 * authoritative server the kind of answer ("answer", "referral to x.", "nxdomain", …), for the
 * hijacking resolver which rules fired ("rewriteMx(…)").
 *
 * @param server the server's role name, e.g. "authoritative" or "hijacker"
 * @param qname the question name; empty when the packet had no parseable question
 * @param qtype the question type ({@link Type} constant); 0 when unknown
 * @param rcode the rcode sent; meaningless when {@code outcome} is {@link Outcome#DROPPED}
 */
public record DnsQueryEvent(
        String server,
        Transport transport,
        InetSocketAddress client,
        Optional<Name> qname,
        int qtype,
        Outcome outcome,
        int rcode,
        List<String> actions) {

    public enum Transport { UDP, TCP }

    public enum Outcome {
        /** a full reply was sent */
        ANSWERED,
        /** the reply did not fit the client's UDP size; TC=1 was sent so it retries over TCP */
        TRUNCATED,
        /** the packet was malformed or unsupported; an error rcode was sent */
        REJECTED,
        /** nothing was sent (unparseable header, a response sent to us, overload) */
        DROPPED
    }

    public DnsQueryEvent {
        actions = List.copyOf(actions);
    }

    @Override
    public String toString() {
        return server + " " + transport + " " + client + " "
                + qname.map(n -> n + " " + Type.string(qtype)).orElse("(no question)")
                + " -> " + outcome + (outcome == Outcome.DROPPED ? "" : " " + Rcode.string(rcode))
                + (actions.isEmpty() ? "" : " " + actions);
    }
}
