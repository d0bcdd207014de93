package io.mxguard.smtp;

/**
 * ReplyCode - the RFC 5321 §4.2 reply codes mxguard acts on, and their categories by first digit.
 */
public final class ReplyCode {
    public static final int SERVICE_READY = 220;
    public static final int CLOSING = 221;
    public static final int OK = 250;
    public static final int START_MAIL_INPUT = 354;
    public static final int SERVICE_NOT_AVAILABLE = 421;
    public static final int LOCAL_ERROR = 451;
    public static final int TLS_NOT_AVAILABLE = 454;
    public static final int SYNTAX_ERROR = 500;
    public static final int PARAMETER_SYNTAX_ERROR = 501;
    public static final int NOT_IMPLEMENTED = 502;
    public static final int BAD_SEQUENCE = 503;
    public static final int MAILBOX_UNAVAILABLE = 550;
    public static final int EXCEEDED_STORAGE = 552;
    public static final int TRANSACTION_FAILED = 554;

    private ReplyCode() {
    }

    /** isValid - three digits, the first 2..5, the second 0..5 (RFC 5321 §4.2.1). */
    public static boolean isValid(int code) {
        return code >= 200 && code <= 559 && (code / 10) % 10 <= 5;
    }

    /** isPositiveCompletion - 2yz. */
    public static boolean isPositiveCompletion(int code) {
        return code / 100 == 2;
    }

    /** isPositiveIntermediate - 3yz (354 after DATA). */
    public static boolean isPositiveIntermediate(int code) {
        return code / 100 == 3;
    }

    /** isTransientNegative - 4yz: try again later. */
    public static boolean isTransientNegative(int code) {
        return code / 100 == 4;
    }

    /** isPermanentNegative - 5yz: do not repeat the same request. */
    public static boolean isPermanentNegative(int code) {
        return code / 100 == 5;
    }
}
