package io.mxguard.policy;

import io.mxguard.dns.MxResult;
import java.net.InetAddress;
import java.util.List;
import java.util.Objects;

/** RouteDecision - for one MX host: use it, at these addresses, under this requirement; or skip it, and why. */
public sealed interface RouteDecision {

    MxResult.MxHost host();

    /** Use the host: connect to {@code addresses} in order, hold the session to {@code requirement}. */
    record Use(MxResult.MxHost host, List<InetAddress> addresses, TlsRequirement requirement) implements RouteDecision {
        public Use {
            addresses = List.copyOf(addresses);
            Objects.requireNonNull(requirement);
        }
    }

    /** Skip the host; {@code reason} is a sentence for the log and the eventual deferral. */
    record Skip(MxResult.MxHost host, SkipCause cause, String reason) implements RouteDecision {
        public boolean temporary() {
            return cause.temporary();
        }

        public String enhancedStatus() {
            return cause.enhancedStatus();
        }
    }
}
