package io.mxguard.smtp.server;

import io.mxguard.pki.Certificates;
import io.mxguard.tls.TlsContexts;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/**
 * TlsIdentity - the certificate chain (leaf first) and private key the server presents after STARTTLS.
 * From {@link Certificates.Issued} or from PEM files (PKCS#8, PKCS#1/SEC1 keys; unencrypted only).
 */
public record TlsIdentity(List<X509Certificate> chain, PrivateKey privateKey) {

    public TlsIdentity {
        chain = List.copyOf(chain);
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("a TLS identity needs at least its own certificate");
        }
        Objects.requireNonNull(privateKey, "privateKey");
        if (!belongsTogether(chain.get(0), privateKey)) {
            throw new IllegalArgumentException("the private key does not belong to the first certificate ("
                    + chain.get(0).getSubjectX500Principal() + ")");
        }
    }

    // A signature made with the key must verify with the certificate's public key.
    private static boolean belongsTogether(X509Certificate leaf, PrivateKey key) {
        String algorithm = switch (leaf.getPublicKey().getAlgorithm()) {
            case "EC", "ECDSA" -> "SHA256withECDSA";
            case "RSA" -> "SHA256withRSA";
            default -> leaf.getPublicKey().getAlgorithm(); // Ed25519, Ed448 sign with their own name
        };
        try {
            byte[] probe = "mxguard key check".getBytes(StandardCharsets.US_ASCII);
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(leaf.getPublicKey());
            verifier.update(probe);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    /** of - the identity of a minted certificate; the chain is sent leaf first, as {@code Issued} holds it. */
    public static TlsIdentity of(Certificates.Issued issued) {
        return new TlsIdentity(issued.chain(), issued.privateKey());
    }

    /**
     * fromPem - the chain from {@code chainFile} (leaf first) and the key from {@code keyFile}.
     *
     * @throws IOException unreadable file, no certificate, no key, or an encrypted key; the message names the file
     */
    public static TlsIdentity fromPem(Path chainFile, Path keyFile) throws IOException {
        List<X509Certificate> chain = new ArrayList<>();
        for (Object o : readPem(chainFile)) {
            if (o instanceof X509CertificateHolder holder) {
                try {
                    chain.add(new JcaX509CertificateConverter().getCertificate(holder));
                } catch (GeneralSecurityException e) {
                    throw new IOException(chainFile + ": unusable certificate: " + e.getMessage(), e);
                }
            }
        }
        if (chain.isEmpty()) {
            throw new IOException(chainFile + ": no CERTIFICATE block found");
        }
        PrivateKey key = null;
        for (Object o : readPem(keyFile)) {
            PrivateKeyInfo info = o instanceof PEMKeyPair pair ? pair.getPrivateKeyInfo()
                    : o instanceof PrivateKeyInfo pki ? pki : null;
            if (info != null) {
                key = new JcaPEMKeyConverter().getPrivateKey(info);
                break;
            }
            if (o != null && o.getClass().getSimpleName().contains("Encrypted")) {
                throw new IOException(keyFile + ": the private key is encrypted; give an unencrypted key file");
            }
        }
        if (key == null) {
            throw new IOException(keyFile + ": no PRIVATE KEY block found");
        }
        try {
            return new TlsIdentity(chain, key);
        } catch (IllegalArgumentException e) {
            throw new IOException(keyFile + ": " + e.getMessage(), e);
        }
    }

    /** serverContext - a server SSLContext presenting this identity; protocols are set per socket. */
    SSLContext serverContext() {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            char[] password = new char[0];
            store.setKeyEntry("server", privateKey, password, chain.toArray(new X509Certificate[0]));
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(store, password);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(kmf.getKeyManagers(), null, null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("JSSE cannot use this TLS identity: " + e.getMessage(), e);
        }
    }

    /** protocols - what the server accepts: TLS 1.2 and newer. */
    static String[] protocols() {
        return TlsContexts.PROTOCOLS.toArray(new String[0]);
    }

    private static List<Object> readPem(Path file) throws IOException {
        List<Object> objects = new ArrayList<>();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.US_ASCII);
             PEMParser parser = new PEMParser(reader)) {
            for (Object o = parser.readObject(); o != null; o = parser.readObject()) {
                objects.add(o);
            }
        } catch (IOException e) {
            throw new IOException(file + ": cannot read PEM: " + e.getMessage(), e);
        }
        return objects;
    }
}
