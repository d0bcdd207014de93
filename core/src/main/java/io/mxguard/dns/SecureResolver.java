package io.mxguard.dns;

import java.util.concurrent.CompletionStage;
import org.xbill.DNS.Name;

/**
 * SecureResolver - DNS lookups whose trust is in the result type.
 *
 * <p>Every answer carries a {@link Security} verdict reached by validating DNSSEC in this process
 * from configured trust anchors; the upstream's AD bit is never believed, CD is never sent, and
 * only the ANSWER (and, for denial, AUTHORITY) section is read. Implementations are thread-safe.
 */
public interface SecureResolver extends AutoCloseable {

    /** lookup - asynchronously resolve and validate (name, type); the stage never completes exceptionally. */
    CompletionStage<DnsAnswer> lookupAsync(Name name, int type);

    /** lookup - resolve and validate (name, type), blocking until an answer or a bounded timeout. */
    default DnsAnswer lookup(Name name, int type) {
        return lookupAsync(name, type).toCompletableFuture().join();
    }

    @Override
    default void close() {
    }
}
