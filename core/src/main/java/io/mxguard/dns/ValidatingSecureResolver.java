package io.mxguard.dns;

import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.dnssec.ValidatingResolver;

/**
 * ValidatingSecureResolver - the {@link SecureResolver}: DNSSEC validated in this process by dnsjava.
 *
 * <p>Pipeline: cache → dnsjava {@link ValidatingResolver} (our trust anchors, our clock) → head
 * resolver {@link UpstreamTransport} (bounded tries over the upstreams) → {@link ValidatedReply}
 * → cache. The validator sets DO=1 on every query, clears any AD bit the upstream set, and sends
 * its own queries with CD=1 so that the upstream returns data even when it would not validate;
 * the questions we hand it never carry CD (CD=1 would make it skip validation).
 *
 * <p>How dnsjava 3.6 signals its verdict (read from {@code ValidatingResolver.processFinishedState}
 * and {@code sendAsync}), and our mapping:
 * <table>
 *   <tr><th>dnsjava</th><th>reply it returns</th><th>our Security</th></tr>
 *   <tr><td>SECURE</td><td>upstream's data, rcode NOERROR/NXDOMAIN, <b>AD=1 set by the validator</b></td>
 *       <td>SECURE</td></tr>
 *   <tr><td>INSECURE (proven unsigned delegation, or no anchor covers the name)</td>
 *       <td>upstream's data, NOERROR/NXDOMAIN, AD=0</td><td>INSECURE</td></tr>
 *   <tr><td>BOGUS</td><td>a fresh SERVFAIL (or the upstream's error rcode) with an EDE option (code and
 *       reason text) and a TXT reason in class 65280</td><td>BOGUS, reason = EDE code + text</td></tr>
 *   <tr><td>upstream answered SERVFAIL/REFUSED/…</td><td>the validator classifies it as "UNKNOWN, cannot be
 *       validated" → BOGUS → SERVFAIL+EDE 6</td><td>INDETERMINATE (we saw the upstream's rcode on the wire)
 *       </td></tr>
 *   <tr><td>query failed on the wire (timeouts, garbage, …)</td><td>the stage completes exceptionally</td>
 *       <td>INDETERMINATE, reason from the transport</td></tr>
 *   <tr><td>wire error while proving NODATA/NXDOMAIN</td><td>swallowed; status stays UNCHECKED, reply
 *       returned with AD=0</td><td>INDETERMINATE (the transport told our {@link LookupContext})</td></tr>
 * </table>
 * dnsjava's own INDETERMINATE status never reaches the caller (processFinishedState rejects it).
 * XXX: UNCHECKED without a wire error would look INSECURE; in 3.6 only swallowed exceptions leave it.
 *
 * <p>Thread-safe. Lookups run on a small executor of our own (dnsjava passes it to every query of
 * the lookup; some continuations inside the validator still use the common ForkJoinPool, which
 * {@link io.mxguard.crypto.CryptoSetup} sizes). {@link #close()} stops that executor.
 */
public final class ValidatingSecureResolver implements SecureResolver {
    static {
        // BouncyCastle first (ECDSA verification ~10x faster), dnsjava's bogus-answer logger quiet:
        // whoever validates gets both, not only callers that remembered to call it.
        io.mxguard.crypto.CryptoSetup.install();
    }


    private final UpstreamTransport transport;
    private final ValidatingResolver validator;
    private final AnswerCache cache;
    private final ResolverOptions options;
    private final ExecutorService executor;
    private final boolean ownsExecutor;

    private ValidatingSecureResolver(UpstreamTransport transport, TrustAnchors anchors, ResolverOptions options,
                                     Clock clock, ExecutorService executor, boolean ownsExecutor) {
        this.transport = transport;
        this.options = options;
        this.executor = executor;
        this.ownsExecutor = ownsExecutor;
        this.validator = new ValidatingResolver(transport, clock);
        // Our anchors only: drop whatever dnsjava.dnssec.trust_anchor_file may have loaded.
        anchors.installInto(validator.getTrustAnchors());
        // The reason TXT would sit in ADDITIONAL beside upstream records; we take the reason from the EDE.
        validator.setAddReasonToAdditional(false);
        validator.setTimeout(options.timeoutPerTry());
        this.cache = new AnswerCache(clock, options);
    }

    /** create - a validating resolver over these upstreams, from these anchors, with its own executor. */
    public static ValidatingSecureResolver create(List<Upstream> upstreams, TrustAnchors anchors,
                                                  ResolverOptions options, Clock clock) throws IOException {
        return new ValidatingSecureResolver(new UpstreamTransport(upstreams, options), anchors, options, clock,
                io.mxguard.crypto.CryptoSetup.newResolverExecutor(), true);
    }

    /** system - the system's resolvers, the IANA root anchors, default bounds, the system clock. */
    public static ValidatingSecureResolver system() throws IOException {
        return create(Upstream.system(), TrustAnchors.ianaRoot(), ResolverOptions.defaults(), Clock.systemUTC());
    }

    @Override
    public CompletionStage<DnsAnswer> lookupAsync(Name name, int type) {
        DnsAnswer cached = cache.get(name, type);
        if (cached != null) {
            return CompletableFuture.completedFuture(cached);
        }
        LookupContext ctx = new LookupContext(executor, name, type);
        Message query = Message.newQuery(Record.newRecord(name, type, DClass.IN));
        query.getHeader().unsetFlag(Flags.CD); // never: CD=1 makes the validator skip validation
        CompletableFuture<Message> validated;
        try {
            validated = validator.sendAsync(query, ctx).toCompletableFuture();
        } catch (RuntimeException e) {
            validated = CompletableFuture.failedFuture(e);
        }
        return validated
                .orTimeout(options.deadline().toMillis(), TimeUnit.MILLISECONDS)
                .handle((reply, error) -> {
                    DnsAnswer answer = error == null
                            ? ValidatedReply.toAnswer(name, type, reply, ctx, options.negativeTtl().toSeconds())
                            : failure(name, type, error, ctx);
                    cache.put(answer);
                    return answer;
                });
    }

    /** stats - what the transport met: tries, retries, wrong-ID and malformed replies, timeouts. */
    public TransportStats stats() {
        return transport.stats();
    }

    /** The upstream resolvers queried, in configuration order. */
    public List<Upstream> upstreams() {
        return transport.upstreams();
    }

    private DnsAnswer failure(Name name, int type, Throwable error, LookupContext ctx) {
        Throwable e = error;
        while ((e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null) {
            e = e.getCause();
        }
        String reason;
        if (e instanceof UpstreamTransport.UpstreamException) {
            reason = e.getMessage();
        } else if (e instanceof TimeoutException) {
            reason = "no validated answer within " + options.deadline().toMillis() + " ms"
                    + (ctx.transportFailure() != null ? " (" + ctx.transportFailure() + ")" : "");
        } else {
            reason = "validation could not complete: " + e;
        }
        return new DnsAnswer.Failed(name, type, Security.INDETERMINATE, reason, -1);
    }

    @Override
    public void close() {
        if (ownsExecutor) {
            executor.shutdownNow();
        }
    }

    @Override
    public String toString() {
        return "ValidatingSecureResolver" + transport.upstreams();
    }
}
