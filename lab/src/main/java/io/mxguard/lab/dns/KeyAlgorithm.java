package io.mxguard.lab.dns;

import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.InvalidAlgorithmParameterException;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.RSAKeyGenParameterSpec;
import org.xbill.DNS.DNSSEC;

/** KeyAlgorithm - the DNSSEC signing algorithms the lab signs with (RFC 8624 §3.1: both MUST). */
public enum KeyAlgorithm {
    /** ECDSA P-256 with SHA-256, algorithm 13 (RFC 6605). Fast to generate and to sign. */
    ECDSAP256SHA256(DNSSEC.Algorithm.ECDSAP256SHA256),
    /** RSA/SHA-256, algorithm 8 (RFC 5702), 2048-bit modulus, exponent 65537. */
    RSASHA256(DNSSEC.Algorithm.RSASHA256);

    private final int number;

    KeyAlgorithm(int number) {
        this.number = number;
    }

    /** number - the IANA DNSSEC algorithm number carried in DNSKEY, RRSIG and DS. */
    public int number() {
        return number;
    }

    /** generator - a key pair generator initialised for this algorithm. */
    KeyPairGenerator generator() {
        BouncyCastle.register();
        try {
            if (this == ECDSAP256SHA256) {
                KeyPairGenerator gen = KeyPairGenerator.getInstance("EC");
                gen.initialize(new ECGenParameterSpec("secp256r1"));
                return gen;
            }
            KeyPairGenerator gen = KeyPairGenerator.getInstance("RSA");
            gen.initialize(new RSAKeyGenParameterSpec(2048, RSAKeyGenParameterSpec.F4));
            return gen;
        } catch (NoSuchAlgorithmException | InvalidAlgorithmParameterException e) {
            throw new IllegalStateException("no JCA provider for " + this, e);
        }
    }
}
