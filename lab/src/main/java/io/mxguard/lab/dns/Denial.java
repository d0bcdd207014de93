package io.mxguard.lab.dns;

/** Denial - how a signed zone proves that a name or type does not exist. */
public sealed interface Denial {
    /** NSEC chain in canonical order (RFC 4034 §4, RFC 4035 §2.3). */
    record Nsec() implements Denial {}

    /**
     * NSEC3 chain (RFC 5155) with SHA-1 hashing, no opt-out. RFC 9276 §3.1: iterations 0 and an
     * empty salt are the recommended values.
     */
    record Nsec3(int iterations, byte[] salt) implements Denial {
        public Nsec3 {
            if (iterations < 0 || iterations > 65535) {
                throw new IllegalArgumentException("NSEC3 iterations out of range: " + iterations);
            }
            if (salt.length > 255) {
                throw new IllegalArgumentException("NSEC3 salt longer than 255 octets");
            }
            salt = salt.clone();
        }

        @Override
        public byte[] salt() {
            return salt.clone();
        }
    }

    static Denial nsec() {
        return new Nsec();
    }

    /** nsec3 - RFC 9276 defaults: zero extra iterations, empty salt. */
    static Denial nsec3() {
        return new Nsec3(0, new byte[0]);
    }
}
