package io.mxguard.pki;

import io.mxguard.crypto.CryptoSetup;
import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.util.ArrayList;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Certificates - mints X.509 certificates with BouncyCastle, and the digests DANE compares.
 *
 * <p>Used by the lab (its CAs and every actor's certificate, fresh per run) and by tests; the relay
 * can use {@link #issue} for a self-signed STARTTLS certificate when none is configured. Thread-safe.
 */
public final class Certificates {
    private static final SecureRandom RANDOM = new SecureRandom();

    /** Issued - a certificate, its private key, and the chain up to (and including) its root, leaf first. */
    public record Issued(X509Certificate certificate, PrivateKey privateKey, List<X509Certificate> chain) {
        public Issued {
            chain = List.copyOf(chain);
        }

        /** certificatePem - the chain in PEM, leaf first (what a server presents, plus the root). */
        public String chainPem() {
            StringBuilder sb = new StringBuilder();
            chain.forEach(c -> sb.append(pem(c)));
            return sb.toString();
        }

        public String privateKeyPem() {
            return pem(privateKey);
        }
    }

    private Certificates() {
    }

    /**
     * issue - a certificate for {@code spec}, signed by {@code issuer}, or self-signed when
     * {@code issuer} is null.
     */
    public static Issued issue(CertificateSpec spec, Issued issuer) {
        CryptoSetup.install();
        try {
            KeyPair keys = generate(spec.keyType());
            X500Name subject = name(spec.commonName());
            X500Name issuerName = issuer == null ? subject
                    : X500Name.getInstance(issuer.certificate().getSubjectX500Principal().getEncoded());
            PrivateKey signingKey = issuer == null ? keys.getPrivate() : issuer.privateKey();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuerName,
                    new BigInteger(127, RANDOM).add(BigInteger.ONE), Date.from(spec.notBefore()), Date.from(spec.notAfter()),
                    subject, keys.getPublic());
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            builder.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(keys.getPublic()));
            if (issuer != null) {
                builder.addExtension(Extension.authorityKeyIdentifier, false,
                        ext.createAuthorityKeyIdentifier(issuer.certificate()));
            }
            if (spec.ca()) {
                builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
                builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            } else {
                builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
                builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature
                        | (spec.keyType() == CertificateSpec.KeyType.RSA_2048 ? KeyUsage.keyEncipherment : 0)));
                builder.addExtension(Extension.extendedKeyUsage, false,
                        new ExtendedKeyUsage(new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}));
            }
            if (!spec.dnsNames().isEmpty()) {
                GeneralName[] names = spec.dnsNames().stream()
                        .map(n -> new GeneralName(GeneralName.dNSName, n)).toArray(GeneralName[]::new);
                builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names));
            }
            ContentSigner signer = new JcaContentSignerBuilder(signatureAlgorithm(signingKey)).build(signingKey);
            X509Certificate cert = new JcaX509CertificateConverter().getCertificate(builder.build(signer));
            List<X509Certificate> chain = new ArrayList<>();
            chain.add(cert);
            if (issuer != null) {
                chain.addAll(issuer.chain());
            }
            return new Issued(cert, keys.getPrivate(), chain);
        } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
            throw new IllegalStateException("cannot mint a certificate for " + spec.commonName() + ": " + e, e);
        }
    }

    /**
     * readCertificates - every certificate in a PEM (or DER) file, in file order; empty when there is
     * none. For CA files given to PKIX levels ({@code --ca-file}, {@code delivery.caFile}).
     *
     * @throws java.security.cert.CertificateException the content is not certificates
     */
    public static List<X509Certificate> readCertificates(java.nio.file.Path file)
            throws IOException, java.security.cert.CertificateException {
        try (java.io.InputStream in = java.nio.file.Files.newInputStream(file)) {
            List<X509Certificate> certs = new ArrayList<>();
            for (var c : java.security.cert.CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                certs.add((X509Certificate) c);
            }
            return certs;
        }
    }

    /** spkiSha256 - SHA-256 of the DER SubjectPublicKeyInfo (what a TLSA {@code 3 1 1} record holds). */
    public static byte[] spkiSha256(X509Certificate cert) {
        return sha256(cert.getPublicKey().getEncoded());
    }

    /** certSha256 - SHA-256 of the DER certificate (what a TLSA {@code x 0 1} record holds). */
    public static byte[] certSha256(X509Certificate cert) {
        try {
            return sha256(cert.getEncoded());
        } catch (CertificateEncodingException e) {
            throw new IllegalArgumentException("certificate cannot be encoded: " + e.getMessage(), e);
        }
    }

    /** spkiSha512 - SHA-512 of the DER SubjectPublicKeyInfo (what a TLSA {@code x 1 2} record holds). */
    public static byte[] spkiSha512(X509Certificate cert) {
        return digest("SHA-512", cert.getPublicKey().getEncoded());
    }

    /** certSha512 - SHA-512 of the DER certificate (what a TLSA {@code x 0 2} record holds). */
    public static byte[] certSha512(X509Certificate cert) {
        try {
            return digest("SHA-512", cert.getEncoded());
        } catch (CertificateEncodingException e) {
            throw new IllegalArgumentException("certificate cannot be encoded: " + e.getMessage(), e);
        }
    }

    /** hex - lower-case hex, as TLSA records and openssl print digests. */
    public static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    public static String pem(Object certificateOrKey) {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(certificateOrKey);
        } catch (IOException e) {
            throw new IllegalStateException("PEM encoding failed: " + e.getMessage(), e);
        }
        return out.toString();
    }

    static byte[] sha256(byte[] data) {
        return digest("SHA-256", data);
    }

    private static byte[] digest(String algorithm, byte[] data) {
        try {
            return MessageDigest.getInstance(algorithm).digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(algorithm + " is required of every JDK", e);
        }
    }

    private static KeyPair generate(CertificateSpec.KeyType type) throws GeneralSecurityException {
        if (type == CertificateSpec.KeyType.RSA_2048) {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(2048, RANDOM);
            return g.generateKeyPair();
        }
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
        return g.generateKeyPair();
    }

    private static String signatureAlgorithm(PrivateKey key) {
        return key.getAlgorithm().startsWith("EC") ? "SHA256withECDSA" : "SHA256withRSA";
    }

    private static X500Name name(String commonName) {
        return new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, commonName).build();
    }
}
