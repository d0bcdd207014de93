package io.mxguard.dns;

/** UpstreamSpecException - a {@code --resolver} value that is not {@code HOST[:PORT]}; the message says why. */
public final class UpstreamSpecException extends Exception {
    private static final long serialVersionUID = 1L;

    UpstreamSpecException(String spec, String problem) {
        super("bad resolver '" + spec + "': " + problem, null, false, false);
    }
}
