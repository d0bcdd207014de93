package io.mxguard.dns;

import java.util.concurrent.Executor;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;

/**
 * LookupContext - the executor of one validated lookup, and what the transport saw during it.
 *
 * <p>dnsjava's {@code ValidatingResolver} hands the executor it was given to every query it sends
 * for one lookup (the answer, and the DS/DNSKEY queries of the chain). Wrapping our pool per lookup
 * lets {@link UpstreamTransport} tell us that some query of this lookup failed on the wire, which
 * the validator hides in places (it swallows errors while proving NODATA/NXDOMAIN and leaves the
 * answer unvalidated, which would look INSECURE).
 */
final class LookupContext implements Executor {
    private final Executor pool;
    private final Name name;
    private final int type;
    private volatile String transportFailure;
    private volatile int upstreamRcode = -1;

    LookupContext(Executor pool, Name name, int type) {
        this.pool = pool;
        this.name = name;
        this.type = type;
    }

    @Override
    public void execute(Runnable task) {
        pool.execute(task);
    }

    /** transportFailed - remember the first wire-level failure of any query of this lookup. */
    void transportFailed(String reason) {
        if (transportFailure == null) {
            transportFailure = reason;
        }
    }

    /** replied - note the upstream's own rcode for our question (before the validator rewrites it). */
    void replied(Message query, Message reply) {
        var q = query.getQuestion();
        if (q != null && q.getName().equals(name) && q.getType() == type) {
            upstreamRcode = reply.getRcode();
        }
    }

    /** The first transport failure of this lookup, or null. */
    String transportFailure() {
        return transportFailure;
    }

    /** The rcode the upstream gave for the asked question, or -1 if it never answered. */
    int upstreamRcode() {
        return upstreamRcode;
    }
}
