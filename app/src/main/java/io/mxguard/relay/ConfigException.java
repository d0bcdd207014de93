package io.mxguard.relay;

/**
 * ConfigException - the relay's configuration cannot be used; the message names the file, the
 * line, the key and what is wrong, and {@link #exitCode()} is the sysexits code: 64 for a bad
 * command-line flag, 65 for a bad value in the file, 66 for a file that cannot be read.
 */
public final class ConfigException extends Exception {
    private static final long serialVersionUID = 1L;
    public static final int USAGE = 64;
    public static final int DATA_ERROR = 65;
    public static final int NO_INPUT = 66;

    private final int exitCode;

    public ConfigException(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
