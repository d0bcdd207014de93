package io.mxguard.lab.scenario;

import java.util.List;
import java.util.Objects;

/**
 * Cell - one (attack, sender mode) run of the lab matrix: what was expected and why, what the
 * servers' records say happened, a one-line story, and the event trail for the sequence diagram.
 *
 * @param attack   the attack's id (a row)
 * @param mode     the sender mode's id (a column)
 * @param why      the one-line reason for the expectation
 * @param story    what happened, in one line, for the report
 * @param trail    every exchange, in time order
 */
public record Cell(String attack, String mode, Outcome expected, Outcome actual, String why, String story,
                   List<TrailEvent> trail) {
    public Cell {
        Objects.requireNonNull(attack);
        Objects.requireNonNull(mode);
        Objects.requireNonNull(expected);
        Objects.requireNonNull(actual);
        Objects.requireNonNull(why);
        Objects.requireNonNull(story);
        trail = List.copyOf(trail);
    }

    public boolean matched() {
        return actual.satisfies(expected);
    }
}
