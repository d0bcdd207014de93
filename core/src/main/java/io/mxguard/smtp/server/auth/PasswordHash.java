package io.mxguard.smtp.server.auth;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * PasswordHash - a stored password: PBKDF2-HMAC-SHA256 (RFC 8018 §5.2) with its salt and iteration count,
 * written {@code pbkdf2-sha256$ITERATIONS$SALT_B64$HASH_B64} (standard base64, padding optional).
 *
 * <p>Immutable and thread safe. {@link #parse} refuses an unknown scheme and out-of-range values with an
 * {@link IllegalArgumentException} whose message says what is wrong; {@link #matches} compares in
 * constant time.
 */
public final class PasswordHash {
    public static final String SCHEME = "pbkdf2-sha256";
    /** OWASP's 2023 figure for PBKDF2-HMAC-SHA256. */
    public static final int DEFAULT_ITERATIONS = 210_000;
    // Bounds on what a users file may ask of us: below 10 000 is no protection, above 10 M stalls every AUTH.
    static final int MIN_ITERATIONS = 10_000;
    static final int MAX_ITERATIONS = 10_000_000;
    private static final int SALT_BYTES = 16;
    private static final int HASH_BYTES = 32;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final int iterations;
    private final byte[] salt;
    private final byte[] hash;

    private PasswordHash(int iterations, byte[] salt, byte[] hash) {
        this.iterations = iterations;
        this.salt = salt;
        this.hash = hash;
    }

    /** create - hash {@code password} with a fresh random 16-byte salt and the default iteration count. */
    public static PasswordHash create(char[] password) {
        return create(password, DEFAULT_ITERATIONS);
    }

    /** create - hash {@code password} with a fresh random salt and {@code iterations}. */
    public static PasswordHash create(char[] password, int iterations) {
        checkIterations(iterations);
        byte[] salt = new byte[SALT_BYTES];
        RANDOM.nextBytes(salt);
        return new PasswordHash(iterations, salt, derive(password, salt, iterations));
    }

    /** parse - the encoded form; IllegalArgumentException for an unknown scheme or a malformed field. */
    public static PasswordHash parse(String encoded) {
        String[] f = encoded.split("\\$", -1);
        if (f.length < 1 || !f[0].equals(SCHEME)) {
            throw new IllegalArgumentException("unknown password scheme '" + f[0] + "' (only " + SCHEME + ")");
        }
        if (f.length != 4) {
            throw new IllegalArgumentException("want " + SCHEME + "$ITERATIONS$SALT$HASH, found " + (f.length - 1)
                    + " fields after the scheme");
        }
        int iterations;
        try {
            iterations = Integer.parseInt(f[1]);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("iterations '" + f[1] + "' is not a number");
        }
        checkIterations(iterations);
        byte[] salt = base64("salt", f[2]);
        byte[] hash = base64("hash", f[3]);
        if (salt.length < 8) {
            throw new IllegalArgumentException("salt has " + salt.length + " bytes; at least 8 are needed");
        }
        if (hash.length != HASH_BYTES) {
            throw new IllegalArgumentException("hash has " + hash.length + " bytes; SHA-256 gives " + HASH_BYTES);
        }
        return new PasswordHash(iterations, salt, hash);
    }

    /** matches - whether {@code password} is the one hashed; the comparison takes the same time either way. */
    public boolean matches(char[] password) {
        return MessageDigest.isEqual(hash, derive(password, salt, iterations));
    }

    /** encoded - the form stored in a users file. */
    public String encoded() {
        Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
        return SCHEME + "$" + iterations + "$" + b64.encodeToString(salt) + "$" + b64.encodeToString(hash);
    }

    public int iterations() {
        return iterations;
    }

    @Override
    public String toString() {
        return SCHEME + "$" + iterations + "$…"; // never the hash itself, not even in a log
    }

    private static byte[] derive(char[] password, byte[] salt, int iterations) {
        PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, HASH_BYTES * 8);
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK lacks PBKDF2WithHmacSHA256", e); // every Java 8+ has it
        } finally {
            spec.clearPassword();
        }
    }

    private static void checkIterations(int iterations) {
        if (iterations < MIN_ITERATIONS || iterations > MAX_ITERATIONS) {
            throw new IllegalArgumentException("iterations " + iterations + " outside " + MIN_ITERATIONS + "-"
                    + MAX_ITERATIONS);
        }
    }

    private static byte[] base64(String what, String text) {
        try {
            return Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(what + " is not base64: " + e.getMessage());
        }
    }
}
