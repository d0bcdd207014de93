package io.mxguard.lab.scenario;

import io.mxguard.delivery.DeliveryReport;
import io.mxguard.delivery.RecipientOutcome;
import io.mxguard.lab.sender.SenderMode;
import io.mxguard.lab.world.LabWorld;

/** Stories - one line per cell, saying what happened, for the text report and the HTML page. */
final class Stories {
    private Stories() {
    }

    static String story(Attack attack, SenderMode mode, DeliveryReport report, Outcome actual, boolean attackerStored,
                        boolean strippedRead, boolean bobHas, LabWorld world) {
        String head = mode.id() + " x " + attack.id() + ": ";
        RecipientOutcome r = report.recipients().get(0);
        String route = r.route().map(u -> u.host().toString(true) + " [" + u.address().getAddress().getHostAddress() + "]"
                + " " + (u.tls().level() == io.mxguard.policy.Assurance.NONE ? "in plaintext" : "over TLS ("
                + u.tls().level().label() + (u.tls().how().isEmpty() ? "" : ", " + u.tls().how()) + ")")).orElse("");
        return switch (actual.kind()) {
            case INTERCEPTED -> head + "delivered to " + route
                    + (attackerStored ? "; the attacker's MX read 'Subject: Quarterly numbers' and forwarded it" : "")
                    + (strippedRead ? "; the on-path attacker stripped STARTTLS and read 'Subject: Quarterly numbers'" : "")
                    + (bobHas || attackerStored ? "; Bob received it and saw nothing" : "");
            case DELIVERED -> head + "delivered to " + route + "; nobody else read it";
            case DEFERRED -> head + "refused (" + r.enhancedStatus() + "): " + r.reason()
                    + report.skipped().stream().filter(s -> !r.reason().contains(s)).map(s -> "; skipped " + s)
                    .reduce("", String::concat)
                    + "; the message stays queued, nobody read it";
        };
    }
}
