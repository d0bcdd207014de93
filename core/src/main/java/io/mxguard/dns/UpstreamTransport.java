package io.mxguard.dns;

import java.io.IOException;
import java.net.PortUnreachableException;
import java.net.SocketTimeoutException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.xbill.DNS.EDNSOption;
import org.xbill.DNS.Message;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.Type;
import org.xbill.DNS.WireParseException;

/**
 * UpstreamTransport - the head resolver under the validator: bounded tries over the upstreams.
 *
 * <p>Each try goes to the next upstream with a fresh random message ID and the per-try timeout;
 * a timeout, a reply with the wrong message ID, a malformed reply or a network error costs one try
 * and is counted. dnsjava's {@link SimpleResolver} fails a query on the first wrong-ID datagram, so
 * one spoofed packet would otherwise be a denial of service (DESIGN §7). UDP replies with TC=1 are
 * retried over TCP by {@link SimpleResolver} (the validator turns off ignoring truncation).
 * Rcodes (SERVFAIL, REFUSED) are replies, not failures: the validator sees them.
 */
final class UpstreamTransport implements Resolver {

    private final List<Upstream> upstreams;
    private final List<SimpleResolver> resolvers;
    private final int tries;
    private final SecureRandom random = new SecureRandom();
    private final AtomicLong queries = new AtomicLong();
    private final AtomicLong retries = new AtomicLong();
    private final AtomicLong wrongIds = new AtomicLong();
    private final AtomicLong malformed = new AtomicLong();
    private final AtomicLong timeouts = new AtomicLong();

    UpstreamTransport(List<Upstream> upstreams, ResolverOptions options) throws IOException {
        if (upstreams.isEmpty()) {
            throw new IllegalArgumentException("no upstream resolver");
        }
        this.upstreams = List.copyOf(upstreams);
        this.resolvers = new java.util.ArrayList<>();
        for (Upstream u : upstreams) {
            SimpleResolver r = new SimpleResolver(u.socketAddress());
            r.setTimeout(options.timeoutPerTry());
            resolvers.add(r);
        }
        this.tries = options.tries();
    }

    /** stats - counters since start. */
    TransportStats stats() {
        return new TransportStats(queries.get(), retries.get(), wrongIds.get(), malformed.get(), timeouts.get());
    }

    List<Upstream> upstreams() {
        return upstreams;
    }

    @Override
    public CompletionStage<Message> sendAsync(Message query, Executor executor) {
        CompletableFuture<Message> result = new CompletableFuture<>();
        int first = Math.floorMod(random.nextInt(), resolvers.size());
        attempt(query, executor, first, 0, result);
        return result;
    }

    private void attempt(Message query, Executor executor, int first, int n, CompletableFuture<Message> result) {
        int index = (first + n) % resolvers.size();
        Message wire = query.clone();
        // RFC 5452 §4.3: an unpredictable ID per try, so a reply to an earlier try cannot be replayed.
        wire.getHeader().setID(random.nextInt(0x10000));
        queries.incrementAndGet();
        resolvers.get(index).sendAsync(wire, executor).whenComplete((reply, error) -> {
            if (error == null) {
                reply.getHeader().setID(query.getHeader().getID());
                if (executor instanceof LookupContext ctx) {
                    ctx.replied(query, reply);
                }
                result.complete(reply);
                return;
            }
            String why = classify(unwrap(error));
            if (n + 1 < tries) {
                retries.incrementAndGet();
                attempt(query, executor, first, n + 1, result);
                return;
            }
            String reason = "no usable reply from " + upstreams.get(index) + " for " + describe(query)
                    + " after " + tries + (tries == 1 ? " try" : " tries") + " (last: " + why + ")";
            if (executor instanceof LookupContext ctx) {
                ctx.transportFailed(reason);
            }
            result.completeExceptionally(new UpstreamException(reason));
        });
    }

    private String classify(Throwable e) {
        if (e instanceof SocketTimeoutException || e instanceof TimeoutException) {
            timeouts.incrementAndGet();
            return "timeout";
        }
        if (e instanceof WireParseException && String.valueOf(e.getMessage()).startsWith("invalid message id")) {
            wrongIds.incrementAndGet();
            return "reply with wrong message ID (spoofed?)";
        }
        if (e instanceof WireParseException) {
            malformed.incrementAndGet();
            return "malformed reply: " + e.getMessage();
        }
        if (e instanceof PortUnreachableException) {
            return "port unreachable (nothing listens there)";
        }
        return "network error: " + e;
    }

    private static Throwable unwrap(Throwable e) {
        while ((e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }

    private static String describe(Message query) {
        var q = query.getQuestion();
        return q == null ? "query" : q.getName() + "/" + Type.string(q.getType());
    }

    @Override
    public void setPort(int port) {
        throw new UnsupportedOperationException("the port is part of each Upstream");
    }

    @Override
    public void setTCP(boolean flag) {
        resolvers.forEach(r -> r.setTCP(flag));
    }

    @Override
    public void setIgnoreTruncation(boolean flag) {
        resolvers.forEach(r -> r.setIgnoreTruncation(flag));
    }

    @Override
    public void setEDNS(int version, int payloadSize, int flags, List<EDNSOption> options) {
        resolvers.forEach(r -> r.setEDNS(version, payloadSize, flags, options));
    }

    @Override
    public void setTSIGKey(TSIG key) {
        resolvers.forEach(r -> r.setTSIGKey(key));
    }

    @Override
    public void setTimeout(Duration timeout) {
        resolvers.forEach(r -> r.setTimeout(timeout));
    }

    @Override
    public Duration getTimeout() {
        return resolvers.get(0).getTimeout();
    }

    /** UpstreamException - every try of one query failed on the wire; the message says how. */
    static final class UpstreamException extends IOException {
        private static final long serialVersionUID = 1L;

        UpstreamException(String message) {
            super(message);
        }
    }
}
