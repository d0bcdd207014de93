package io.mxguard.cli;

/**
 * UserError - an expected failure the user can act on (bad flag value, unreadable file).
 * Main prints its message without a stack trace and exits with its code.
 */
final class UserError extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int exitCode;

    UserError(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    int exitCode() {
        return exitCode;
    }
}
