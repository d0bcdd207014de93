package io.mxguard.smtp.server.auth;

/** UsersFileException - a users file that cannot be used; the message reads "FILE:LINE: what is wrong". */
public final class UsersFileException extends Exception {
    private static final long serialVersionUID = 1L;

    public UsersFileException(String message) {
        super(message);
    }
}
