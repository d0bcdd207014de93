package io.mxguard.cli;

/** ExitCode - the sysexits(3) codes every mxguard command uses (DESIGN.md §2). */
final class ExitCode {
    static final int OK = 0;
    /** The lab ran, but some cell did not match its expectation. */
    static final int MISMATCH = 1;
    static final int USAGE = 64;
    static final int DATA_ERROR = 65;
    static final int NO_INPUT = 66;
    static final int UNAVAILABLE = 69;
    static final int SOFTWARE = 70;
    static final int TEMP_FAIL = 75;

    private ExitCode() {
    }
}
