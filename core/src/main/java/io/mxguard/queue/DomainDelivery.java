package io.mxguard.queue;

import io.mxguard.delivery.DeliveryReport;
import io.mxguard.smtp.client.Envelope;
import org.xbill.DNS.Name;

/**
 * DomainDelivery - one delivery attempt to the recipients of one domain; the queue's scheduler
 * calls it. {@code io.mxguard.delivery.OutboundDelivery::attempt} is the production one.
 */
@FunctionalInterface
public interface DomainDelivery {
    DeliveryReport attempt(Name domain, Envelope envelope, byte[] content);
}
