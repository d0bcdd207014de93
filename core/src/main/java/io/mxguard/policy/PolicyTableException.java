package io.mxguard.policy;

/** PolicyTableException - a policy table line that cannot be read; names the file and line. */
public final class PolicyTableException extends Exception {

    private final String source;
    private final int line;
    private final String problem;

    public PolicyTableException(String source, int line, String problem) {
        super(source + ":" + line + ": " + problem);
        this.source = source;
        this.line = line;
        this.problem = problem;
    }

    /** The file name (or another label for the text). */
    public String source() {
        return source;
    }

    /** 1-based line number. */
    public int line() {
        return line;
    }

    /** The problem, without the location. */
    public String problem() {
        return problem;
    }
}
