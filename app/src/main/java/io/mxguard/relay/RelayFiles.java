package io.mxguard.relay;

import io.mxguard.dns.TrustAnchorException;
import io.mxguard.dns.TrustAnchors;
import io.mxguard.pki.Certificates;
import io.mxguard.policy.PolicyTable;
import io.mxguard.policy.PolicyTableException;
import io.mxguard.smtp.server.TlsIdentity;
import io.mxguard.smtp.server.auth.UsersFile;
import io.mxguard.smtp.server.auth.UsersFileException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;

/**
 * RelayFiles - the settings that name files (tls.certificate and tls.key, clients.users,
 * delivery.policyFile, delivery.caFile, dns.trustAnchor): each file is read and its content checked
 * here, so a relay that starts has every file it needs already parsed.
 *
 * <p>Each method takes the key's text, null when the key is absent, and then returns the default.
 * A name is resolved by {@link ConfigSource#path}; a file that is not a readable regular file, or
 * whose read fails, is reported at its key as 66 (NO_INPUT), content that does not parse as 65.
 */
final class RelayFiles {
    private final ConfigSource source;

    RelayFiles(ConfigSource source) {
        this.source = source;
    }

    /** tlsIdentity - tls.certificate and tls.key, both PEM files or neither; none means no STARTTLS. */
    Optional<TlsIdentity> tlsIdentity(RelaySettings.Tls tls) throws ConfigException {
        if (tls.certificate == null && tls.key == null) {
            return Optional.empty();
        }
        if (tls.certificate == null || tls.key == null) {
            String missing = tls.certificate == null ? "tls.certificate" : "tls.key";
            String given = tls.certificate == null ? "tls.key" : "tls.certificate";
            throw source.error(given, "needs " + missing + " as well (both PEM files, or neither)");
        }
        Path cert = readable("tls.certificate", tls.certificate);
        Path key = readable("tls.key", tls.key);
        try {
            return Optional.of(TlsIdentity.fromPem(cert, key));
        } catch (IOException | IllegalArgumentException e) {
            throw source.error("tls.certificate", e.getMessage());
        }
    }

    /** users - clients.users: who may AUTH; only meaningful with TLS, since AUTH is never offered without. */
    Optional<UsersFile> users(String name, boolean tls) throws ConfigException {
        if (name == null) {
            return Optional.empty();
        }
        if (!tls) {
            throw source.error("clients.users", "needs tls.certificate and tls.key: AUTH is offered only over TLS (RFC 4954 §4)");
        }
        Path p = readable("clients.users", name);
        try {
            return Optional.of(UsersFile.load(p));
        } catch (UsersFileException e) {
            throw source.error("clients.users", e.getMessage());
        } catch (IOException e) {
            throw source.unreadable("clients.users", p + ": " + e.getMessage());
        }
    }

    /** policyTable - delivery.policyFile: per-destination levels; none means every destination gets the default. */
    PolicyTable policyTable(String name) throws ConfigException {
        if (name == null) {
            return PolicyTable.empty();
        }
        Path p = readable("delivery.policyFile", name);
        try {
            return PolicyTable.load(p);
        } catch (PolicyTableException e) {
            throw source.error("delivery.policyFile", e.getMessage());
        } catch (IOException e) {
            throw source.unreadable("delivery.policyFile", p + ": " + e.getMessage());
        }
    }

    /** caFile - delivery.caFile: PEM roots for PKIX-verified delivery; none (empty) means the JDK's roots. */
    List<X509Certificate> caFile(String name) throws ConfigException {
        if (name == null) {
            return List.of();
        }
        Path p = readable("delivery.caFile", name);
        try {
            List<X509Certificate> certs = Certificates.readCertificates(p);
            if (certs.isEmpty()) {
                throw source.error("delivery.caFile", p + ": no PEM certificate in it");
            }
            return certs;
        } catch (CertificateException e) {
            throw source.error("delivery.caFile", p + ": not PEM certificates: " + e.getMessage());
        } catch (IOException e) {
            throw source.unreadable("delivery.caFile", p + ": " + e.getMessage());
        }
    }

    /** trustAnchors - dns.trustAnchor: DS/DNSKEY anchors in zone format; none means IANA's root anchors. */
    TrustAnchors trustAnchors(String name) throws ConfigException {
        if (name == null) {
            return TrustAnchors.ianaRoot();
        }
        Path p = readable("dns.trustAnchor", name);
        try {
            return TrustAnchors.load(p);
        } catch (TrustAnchorException e) {
            throw source.error("dns.trustAnchor", e.getMessage());
        }
    }

    private Path readable(String key, String name) throws ConfigException {
        Path p = source.path(key, name);
        if (!Files.isRegularFile(p) || !Files.isReadable(p)) {
            throw source.unreadable(key, p + ": no such readable file");
        }
        return p;
    }
}
