package io.mxguard.dns;

import java.util.List;
import org.xbill.DNS.Name;

/**
 * MxResult - where mail for a domain goes, or why it goes nowhere (RFC 5321 §5.1, RFC 7505).
 *
 * <p>{@link Hosts}: deliver, in this order. {@link NullMx} and {@link NoSuchDomain}: permanent
 * failures (bounce). {@link Deferred}: temporary failure (keep the mail queued, retry later).
 */
public sealed interface MxResult {

    Name domain();

    /** One MX host in delivery order; {@code security} is that of the MX RRset (or implicit-MX addresses). */
    record MxHost(Name host, int preference, Security security) {
    }

    /** Deliver to these hosts in order; {@code implicit} when the domain has no MX and is its own host. */
    record Hosts(Name domain, List<MxHost> hosts, Security security, boolean implicit) implements MxResult {
        public Hosts {
            hosts = List.copyOf(hosts);
        }
    }

    /** RFC 7505: the domain accepts no mail. Permanent failure, enhanced status 5.1.10. */
    record NullMx(Name domain, Security security) implements MxResult {
        public static final String ENHANCED_STATUS = "5.1.10";
    }

    /** The domain does not exist, or has neither MX nor address records. Permanent, 5.1.2. */
    record NoSuchDomain(Name domain, Security security, String reason) implements MxResult {
        public static final String ENHANCED_STATUS = "5.1.2";
    }

    /** No verdict now (timeout, SERVFAIL, BOGUS...): defer and retry; never bounce on this. */
    record Deferred(Name domain, Security security, String reason) implements MxResult {
        public static final String ENHANCED_STATUS = "4.4.3";

        /** enhancedStatus - 4.7.5 when the answer was BOGUS (a security failure: forged or broken signatures), else 4.4.3. */
        public String enhancedStatus() {
            return security == Security.BOGUS ? "4.7.5" : ENHANCED_STATUS;
        }
    }
}
