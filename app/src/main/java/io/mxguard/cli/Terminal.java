package io.mxguard.cli;

import java.net.InetSocketAddress;

/** Terminal - the lab reports' text helpers: ANSI colour when wanted, padding, addresses. */
final class Terminal {
    static final String GREEN = "\u001b[32m";
    static final String RED = "\u001b[31m";
    static final String YELLOW = "\u001b[33m";
    static final String BOLD = "\u001b[1m";
    private static final String RESET = "\u001b[0m";

    private final boolean color;

    Terminal(boolean color) {
        this.color = color;
    }

    String paint(String s, String ansi) {
        return color && ansi != null ? ansi + s + RESET : s;
    }

    String bold(String s) {
        return paint(s, BOLD);
    }

    /** pad - left-aligned in {@code width} columns, then coloured (so escapes do not break alignment). */
    String pad(String s, int width, String ansi) {
        return paint(String.format("%-" + width + "s", s), ansi);
    }

    static String truncate(String s, int width) {
        return s.length() <= width ? s : s.substring(0, width - 1) + "~";
    }

    static String hostPort(InetSocketAddress a) {
        String host = a.getAddress().getHostAddress();
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + a.getPort();
    }
}
