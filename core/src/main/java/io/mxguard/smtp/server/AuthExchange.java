package io.mxguard.smtp.server;

import io.mxguard.smtp.server.auth.UsersFile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Locale;

/**
 * AuthExchange - one AUTH command after {@link SessionAuth}'s checks (RFC 4954 §4): the SASL mechanism's
 * challenges and responses, then the verdict. PLAIN (RFC 4616) and LOGIN (draft-murchison-sasl-login)
 * are offered; both send the password itself, which is why {@link SessionAuth} offers them only over TLS.
 */
final class AuthExchange {
    static final String MECHANISMS = "PLAIN LOGIN";

    /** Dialogue - sends a 334 challenge (base64 text) and returns the client's next line, or null at EOF. */
    interface Dialogue {
        String challenge(String base64) throws IOException;
    }

    /** Verdict - how the exchange ended. */
    sealed interface Verdict {
    }

    /** Authenticated - the credentials matched the users file. */
    record Authenticated(String user) implements Verdict {
    }

    /** BadCredentials - well-formed, but no such user or a wrong password: 535 5.7.8, and it counts. */
    record BadCredentials(String user) implements Verdict {
    }

    /** Refused - malformed, cancelled or an unknown mechanism: the reply to send. */
    record Refused(Refusal refusal) implements Verdict {
    }

    /** Ended - the client went away in the middle. */
    record Ended() implements Verdict {
    }

    private AuthExchange() {
    }

    /** run - {@code arg} is everything after "AUTH ": the mechanism and an optional initial response. */
    static Verdict run(String arg, UsersFile users, Dialogue dialogue) throws IOException {
        int space = arg.indexOf(' ');
        String mechanism = (space < 0 ? arg : arg.substring(0, space)).toUpperCase(Locale.ROOT);
        String initial = space < 0 ? null : arg.substring(space + 1);
        try {
            Credentials c = switch (mechanism) {
                case "PLAIN" -> plain(initial, dialogue);
                case "LOGIN" -> login(initial, dialogue);
                default -> throw new Refusal(504, "5.5.4 unrecognized authentication mechanism; use " + MECHANISMS);
            };
            if (c == null) {
                return new Ended();
            }
            try {
                if (c.forOther()) {
                    return new BadCredentials(c.user());
                }
                return users.verify(c.user(), c.password()) ? new Authenticated(c.user()) : new BadCredentials(c.user());
            } finally {
                Arrays.fill(c.password(), '\0');
            }
        } catch (Refusal r) {
            return new Refused(r);
        }
    }

    /** Credentials - as the client sent them; {@code forOther} when it asked to act as someone else. */
    private record Credentials(String user, char[] password, boolean forOther) {
    }

    // RFC 4616 §2: [authzid] NUL authcid NUL passwd; we act for nobody else, so authzid is empty or authcid.
    private static Credentials plain(String initial, Dialogue dialogue) throws IOException, Refusal {
        String response = initial != null ? initial : dialogue.challenge("");
        if (response == null) {
            return null;
        }
        char[] message = decode(response);
        int first = indexOf(message, 0);
        int second = first < 0 ? -1 : indexOf(message, first + 1);
        if (second < 0 || indexOf(message, second + 1) >= 0) {
            Arrays.fill(message, '\0');
            throw new Refusal(501, "5.5.2 AUTH PLAIN wants authzid NUL authcid NUL password");
        }
        String authzid = new String(message, 0, first);
        String user = new String(message, first + 1, second - first - 1);
        char[] password = Arrays.copyOfRange(message, second + 1, message.length);
        Arrays.fill(message, '\0');
        return new Credentials(user, password, !authzid.isEmpty() && !authzid.equals(user));
    }

    private static Credentials login(String initial, Dialogue dialogue) throws IOException, Refusal {
        String userLine = initial != null ? initial : dialogue.challenge("VXNlcm5hbWU6"); // "Username:"
        if (userLine == null) {
            return null;
        }
        char[] name = decode(userLine);
        String user = new String(name);
        String passwordLine = dialogue.challenge("UGFzc3dvcmQ6"); // "Password:"
        if (passwordLine == null) {
            return null;
        }
        return new Credentials(user, decode(passwordLine), false);
    }

    /** decode - a response line: "*" cancels (RFC 4954 §4), "=" is empty, else base64 of UTF-8. */
    private static char[] decode(String line) throws Refusal {
        if (line.equals("*")) {
            throw new Refusal(501, "5.0.0 authentication cancelled");
        }
        if (line.equals("=")) {
            return new char[0];
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(line);
        } catch (IllegalArgumentException e) {
            throw new Refusal(501, "5.5.2 cannot decode the response: not base64");
        }
        try {
            CharBuffer chars = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes));
            char[] out = new char[chars.remaining()];
            chars.get(out);
            if (chars.hasArray()) {
                Arrays.fill(chars.array(), '\0');
            }
            return out;
        } catch (CharacterCodingException e) {
            throw new Refusal(501, "5.5.2 cannot decode the response: not UTF-8");
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    private static int indexOf(char[] a, int from) {
        for (int i = from; i < a.length; i++) {
            if (a[i] == '\0') {
                return i;
            }
        }
        return -1;
    }
}
