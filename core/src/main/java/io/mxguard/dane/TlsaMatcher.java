package io.mxguard.dane;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Optional;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.xbill.DNS.TLSARecord;

/**
 * TlsaMatcher - does a TLSA record's association data match a certificate (RFC 6698 §2.1).
 *
 * <p>Selector 0 hashes the DER certificate, 1 the DER SubjectPublicKeyInfo; matching type 0 is the
 * data itself, 1 SHA-256, 2 SHA-512. Usage is not looked at here: the verifier decides which
 * certificate of the chain a record is compared with. Comparisons take time independent of where
 * the bytes differ. Pure and thread-safe.
 */
public final class TlsaMatcher {

    private TlsaMatcher() {
    }

    /** matches - true when the record's selector/matching type over {@code cert} equals its data. */
    public static boolean matches(TLSARecord record, X509Certificate cert) {
        Optional<byte[]> mine = associationData(record.getSelector(), record.getMatchingType(), cert);
        return mine.isPresent() && MessageDigest.isEqual(mine.get(), record.getCertificateAssociationData());
    }

    /** associationData - what a record with this selector and matching type holds for {@code cert}. */
    public static Optional<byte[]> associationData(int selector, int matchingType, X509Certificate cert) {
        byte[] selected;
        try {
            selected = switch (selector) {
                case TlsaRecords.SELECTOR_CERT -> cert.getEncoded();
                case TlsaRecords.SELECTOR_SPKI -> cert.getPublicKey().getEncoded();
                default -> null;
            };
        } catch (CertificateEncodingException e) {
            return Optional.empty();
        }
        if (selected == null) {
            return Optional.empty();
        }
        return switch (matchingType) {
            case TlsaRecords.MATCHING_FULL -> Optional.of(selected);
            case TlsaRecords.MATCHING_SHA256 -> Optional.of(digest("SHA-256", selected));
            case TlsaRecords.MATCHING_SHA512 -> Optional.of(digest("SHA-512", selected));
            default -> Optional.empty();
        };
    }

    /**
     * fullKey - the public key of a full-SPKI record ({@code 2 1 0}, RFC 7671 §5.2.2: a trust anchor
     * the server need not send), or empty when the record is another kind or its data is not a key.
     */
    public static Optional<PublicKey> fullKey(TLSARecord record) {
        if (record.getSelector() != TlsaRecords.SELECTOR_SPKI || record.getMatchingType() != TlsaRecords.MATCHING_FULL) {
            return Optional.empty();
        }
        try {
            SubjectPublicKeyInfo spki = SubjectPublicKeyInfo.getInstance(record.getCertificateAssociationData());
            return Optional.of(new JcaPEMKeyConverter().getPublicKey(spki));
        } catch (IOException | IllegalArgumentException | IllegalStateException e) {
            return Optional.empty(); // not DER, or an algorithm we do not know: the record matches nothing
        }
    }

    private static byte[] digest(String algorithm, byte[] data) {
        try {
            return MessageDigest.getInstance(algorithm).digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(algorithm + " is required of every JDK", e);
        }
    }
}
