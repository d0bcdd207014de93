package io.mxguard.lab.scenario;

import java.time.Instant;
import java.util.Objects;

/**
 * TrailEvent - one arrow of a cell's sequence diagram: who told whom what, and when. Actors are the
 * lab's lifelines ({@link Actor}); {@code kind} says what sort of exchange it was.
 */
public record TrailEvent(Instant at, Actor from, Actor to, Kind kind, String label) {

    /** The lifelines of the diagram, left to right. */
    public enum Actor {
        ALICE("Alice's server"),
        RESOLVER("resolver"),
        /** the resolver Alice asks, when the attacker controls or impersonates it */
        ATTACKER_RESOLVER("attacker's resolver"),
        STRIPPER("on-path stripper"),
        ATTACKER_MX("attacker's MX"),
        BOB_MX("Bob's MX");

        private final String label;

        Actor(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /** What an arrow shows: a DNS question or answer, an SMTP exchange, TLS, the attacker reading or forwarding. */
    public enum Kind { DNS_QUERY, DNS_ANSWER, SMTP, STARTTLS, TLS, READ, FORWARD, VERDICT }

    public TrailEvent {
        Objects.requireNonNull(at);
        Objects.requireNonNull(from);
        Objects.requireNonNull(to);
        Objects.requireNonNull(kind);
        Objects.requireNonNull(label);
    }
}
