package io.mxguard.lab.scenario;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Matrix - a whole lab run: the attacks (rows), the sender modes (columns), every cell, and how
 * long it took. What the text, JSON and HTML reports render.
 */
public record Matrix(List<Axis> attacks, List<Axis> modes, List<Cell> cells, Duration took) {

    /** Axis - one row or column: its id and a one-line description. */
    public record Axis(String id, String description) {
    }

    public Matrix {
        attacks = List.copyOf(attacks);
        modes = List.copyOf(modes);
        cells = List.copyOf(cells);
    }

    /** cell - the cell at (attack, mode), if it was run. */
    public Optional<Cell> cell(String attack, String mode) {
        return cells.stream().filter(c -> c.attack().equals(attack) && c.mode().equals(mode)).findFirst();
    }

    /** mismatches - the cells whose actual outcome is not the expected one. */
    public List<Cell> mismatches() {
        return cells.stream().filter(c -> !c.matched()).toList();
    }
}
