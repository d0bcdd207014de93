package io.mxguard.lab.sender;

import io.mxguard.dns.AnswerSection;
import io.mxguard.dns.DnsAnswer;
import io.mxguard.dns.Security;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.xbill.DNS.DClass;
import org.xbill.DNS.ExtendedFlags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;

/**
 * StubLookup - what a non-validating stub does: ask one recursive resolver (RD=1), follow the CNAMEs in its
 * answer, and turn the reply into a {@link DnsAnswer} whose security a {@code verdict} decides from the reply.
 * Lab only. Thread-safe.
 */
final class StubLookup {
    static final Duration TIMEOUT_PER_TRY = Duration.ofSeconds(2);
    static final int TRIES = 2;
    /** RFC 1034 §3.6.2 expects short chains; a longer one is a loop. */

    private final InetSocketAddress server;
    private final SimpleResolver resolver;
    private final Function<Message, Security> verdict;
    private final Function<Message, String> why;

    /** StubLookup - asking {@code server}; {@code dnssecOk} sets DO=1 (so a validating upstream sets AD). */
    StubLookup(InetSocketAddress server, boolean dnssecOk, Function<Message, Security> verdict,
               Function<Message, String> why) {
        this.server = server;
        this.resolver = new SimpleResolver(server);
        resolver.setTimeout(TIMEOUT_PER_TRY);
        resolver.setEDNS(0, 1232, dnssecOk ? ExtendedFlags.DO : 0, List.of());
        this.verdict = verdict;
        this.why = why;
    }

    /** lookup - (name, type) from the server; never completes exceptionally. */
    CompletionStage<DnsAnswer> lookup(Name name, int type) {
        Message query = Message.newQuery(Record.newRecord(name, type, DClass.IN)); // RD=1
        return send(query, TRIES).handle((reply, error) -> error == null
                ? toAnswer(name, type, reply)
                : new DnsAnswer.Failed(name, type, Security.INDETERMINATE,
                        "no answer from " + describe() + " after " + TRIES + " tries: " + cause(error), -1));
    }

    private CompletableFuture<Message> send(Message query, int triesLeft) {
        CompletableFuture<Message> reply;
        try {
            reply = resolver.sendAsync(query).toCompletableFuture();
        } catch (RuntimeException e) {
            reply = CompletableFuture.failedFuture(e);
        }
        return triesLeft <= 1 ? reply : reply.exceptionallyCompose(e -> send(query, triesLeft - 1));
    }

    private DnsAnswer toAnswer(Name name, int type, Message reply) {
        int rcode = reply.getRcode();
        if (rcode != Rcode.NOERROR && rcode != Rcode.NXDOMAIN) {
            // DESIGN §5: SERVFAIL, REFUSED and the like defer; they are never "no records".
            return new DnsAnswer.Failed(name, type, Security.INDETERMINATE,
                    describe() + " answered " + Rcode.string(rcode), rcode);
        }
        // RFC 2308 §5 negative TTL from the SOA; 0 when there is none (a stub caches nothing anyway).
        return AnswerSection.read(name, type, reply, verdict.apply(reply), why.apply(reply), 0);
    }

    private static String cause(Throwable error) {
        Throwable e = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    /** describe - "resolver 127.0.10.53:5353". */
    String describe() {
        return "resolver " + server.getAddress().getHostAddress() + ":" + server.getPort();
    }
}
