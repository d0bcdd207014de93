package io.mxguard.lab.dns;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.xbill.DNS.Name;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.utils.base32;

/** Nsec3Hash - the NSEC3 owner-name hash (RFC 5155 §5) and the hashed owner name it yields. */
final class Nsec3Hash {
    private static final base32 BASE32HEX = new base32(base32.Alphabet.BASE32HEX, false, true);

    private Nsec3Hash() {}

    /** hash - IH(salt, name, iterations) with SHA-1 over the canonical wire form of name. */
    static byte[] hash(Name name, byte[] salt, int iterations) {
        MessageDigest sha1;
        try {
            sha1 = MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 unavailable", e);
        }
        // RFC 5155 §5: IH(salt, x, 0) = H(x || salt); IH(salt, x, k) = H(IH(salt, x, k-1) || salt).
        sha1.update(name.toWireCanonical());
        sha1.update(salt);
        byte[] digest = sha1.digest();
        for (int i = 0; i < iterations; i++) {
            sha1.update(digest);
            sha1.update(salt);
            digest = sha1.digest();
        }
        return digest;
    }

    /** owner - the NSEC3 owner: base32hex of the hash, lower case, as a label under origin (RFC 5155 §3). */
    static Name owner(byte[] hash, Name origin) {
        try {
            return Name.fromString(BASE32HEX.toString(hash), origin);
        } catch (TextParseException e) {
            throw new IllegalStateException("unreachable: base32hex label", e);
        }
    }
}
