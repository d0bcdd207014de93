package io.mxguard.pki;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * CertificateSpec - what a certificate to mint says: subject common name, DNS names, validity,
 * whether it is a CA, and its key type.
 *
 * @param commonName subject CN (also the only name checked by clients that ignore SANs)
 * @param dnsNames   subjectAltName dNSName entries (may include wildcards such as {@code *.example.com})
 * @param notBefore  start of validity
 * @param notAfter   end of validity
 * @param ca         basicConstraints CA:TRUE with keyCertSign, else an end-entity server certificate
 * @param keyType    the key algorithm of the new certificate
 */
public record CertificateSpec(String commonName, List<String> dnsNames, Instant notBefore, Instant notAfter,
                              boolean ca, KeyType keyType) {

    /** The key algorithms we mint. */
    public enum KeyType { EC_P256, RSA_2048 }

    public CertificateSpec {
        Objects.requireNonNull(commonName, "commonName");
        dnsNames = List.copyOf(dnsNames);
        Objects.requireNonNull(notBefore, "notBefore");
        Objects.requireNonNull(notAfter, "notAfter");
        Objects.requireNonNull(keyType, "keyType");
        if (!notAfter.isAfter(notBefore)) {
            throw new IllegalArgumentException("notAfter must be after notBefore");
        }
    }

    /** server - an end-entity server certificate for these names (the first is the CN), EC P-256. */
    public static CertificateSpec server(Instant notBefore, Instant notAfter, String... names) {
        if (names.length == 0) {
            throw new IllegalArgumentException("a server certificate needs at least one name");
        }
        return new CertificateSpec(names[0], List.of(names), notBefore, notAfter, false, KeyType.EC_P256);
    }

    /** authority - a CA certificate with this common name, EC P-256. */
    public static CertificateSpec authority(String commonName, Instant notBefore, Instant notAfter) {
        return new CertificateSpec(commonName, List.of(), notBefore, notAfter, true, KeyType.EC_P256);
    }

    public CertificateSpec withKeyType(KeyType type) {
        return new CertificateSpec(commonName, dnsNames, notBefore, notAfter, ca, type);
    }
}
