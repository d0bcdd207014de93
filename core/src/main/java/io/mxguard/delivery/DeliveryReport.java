package io.mxguard.delivery;

import java.util.List;
import org.xbill.DNS.Name;

/**
 * DeliveryReport - the result of one attempt for one next-hop domain: each recipient's outcome,
 * and every MX host (or address) that was skipped or failed on the way, with the reason.
 */
public record DeliveryReport(Name domain, List<RecipientOutcome> recipients, List<String> skipped) {
    public DeliveryReport {
        recipients = List.copyOf(recipients);
        skipped = List.copyOf(skipped);
    }

    /** worst - BOUNCED if any recipient bounced, else DEFERRED if any deferred, else DELIVERED. */
    public RecipientOutcome.Status worst() {
        RecipientOutcome.Status worst = RecipientOutcome.Status.DELIVERED;
        for (RecipientOutcome r : recipients) {
            if (r.status() == RecipientOutcome.Status.BOUNCED) {
                return r.status();
            }
            if (r.status() == RecipientOutcome.Status.DEFERRED) {
                worst = r.status();
            }
        }
        return worst;
    }
}
