package io.mxguard.policy;

import java.util.List;
import java.util.stream.Collectors;
import org.xbill.DNS.Name;

/**
 * RoutePlan - the decisions for every MX host of one next-hop domain, in MX order, and what they
 * add up to: deliver over the usable routes, defer, or bounce.
 */
public record RoutePlan(Name nextHop, List<RouteDecision> decisions) {

    public RoutePlan {
        decisions = List.copyOf(decisions);
    }

    /** Verdict - what the delivery attempt does with this plan. */
    public sealed interface Verdict {
        /** Try these routes in order (RFC 5321 §5.1); on a TLS or authentication failure, the next one. */
        record Deliver(List<RouteDecision.Use> routes) implements Verdict {
        }

        /** No usable host now; keep the mail queued. */
        record Defer(String enhancedStatus, String reason) implements Verdict {
        }

        /** No host can ever be used (every host provably has no address). */
        record Bounce(String enhancedStatus, String reason) implements Verdict {
        }
    }

    /** routes - the hosts to use, in order. */
    public List<RouteDecision.Use> routes() {
        return decisions.stream().filter(RouteDecision.Use.class::isInstance).map(RouteDecision.Use.class::cast).toList();
    }

    /** skips - the hosts not used, and why. */
    public List<RouteDecision.Skip> skips() {
        return decisions.stream().filter(RouteDecision.Skip.class::isInstance).map(RouteDecision.Skip.class::cast).toList();
    }

    /**
     * verdict - deliver if any host is usable; else defer if any skip is temporary, with 4.7.5 when a
     * host was refused for security (DANE required) and the first temporary skip's status otherwise;
     * else bounce.
     */
    public Verdict verdict() {
        List<RouteDecision.Use> routes = routes();
        if (!routes.isEmpty()) {
            return new Verdict.Deliver(routes);
        }
        List<RouteDecision.Skip> skips = skips();
        String reason = skips.isEmpty() ? "no MX host for " + nextHop.toString(true)
                : skips.stream().map(s -> s.host().host().toString(true) + ": " + s.reason())
                .collect(Collectors.joining("; "));
        if (skips.isEmpty()) {
            return new Verdict.Defer("4.4.3", reason);
        }
        boolean security = skips.stream().anyMatch(s -> s.cause().enhancedStatus().equals("4.7.5"));
        var temporary = skips.stream().filter(RouteDecision.Skip::temporary).findFirst();
        if (temporary.isPresent()) {
            return new Verdict.Defer(security ? "4.7.5"
                    : temporary.get().enhancedStatus(), reason);
        }
        return new Verdict.Bounce(skips.get(0).enhancedStatus(), reason);
    }
}
