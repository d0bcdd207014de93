package io.mxguard.cli;

import io.mxguard.delivery.DeliveryOptions;
import io.mxguard.pki.Certificates;
import io.mxguard.policy.LocalPolicy;
import io.mxguard.policy.PolicyTable;
import io.mxguard.policy.PolicyTableException;
import io.mxguard.policy.TlsLevel;
import io.mxguard.smtp.client.ClientOptions;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * DeliveryFlags - the flags of commands that talk SMTP to MX hosts (send, probe): port, TLS
 * policy, EHLO name, PKIX roots, SMTP timeouts.
 */
final class DeliveryFlags {

    @Option(names = "--port", paramLabel = "N", defaultValue = "25",
            description = "SMTP port of the MX hosts; TLSA records are looked up at _N._tcp.HOST (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--level", paramLabel = "LEVEL", defaultValue = "dane",
            description = "TLS level where the policy file says nothing: none, may, encrypt, dane, dane-only, verify, secure "
                    + "(default: ${DEFAULT-VALUE}: DANE where the destination publishes signed TLSA records, else opportunistic).")
    String level;

    @Option(names = "--minimum", paramLabel = "LEVEL", defaultValue = "none",
            description = "Local minimum, applied last to every destination (default: ${DEFAULT-VALUE}).")
    String minimum;

    @Option(names = "--policy-file", paramLabel = "FILE",
            description = "Per-destination levels, one per line: DOMAIN LEVEL [match=NAME:NAME...] (.DOMAIN for subdomains).")
    Path policyFile;

    @Option(names = "--helo", paramLabel = "NAME", description = "Our EHLO name (default: this host's name).")
    String helo;

    @Option(names = "--ca-file", paramLabel = "FILE",
            description = "PEM CA certificates trusted for the verify and secure levels (default: the JDK's trust store).")
    Path caFile;

    @Option(names = "--smtp-timeout", paramLabel = "SECONDS",
            description = "Cap every SMTP timeout at this many seconds (default: RFC 5321 §4.5.3.2: 5 min greeting, 10 min end of data).")
    Double smtpTimeout;

    LocalPolicy policy() {
        TlsLevel def = level(level, "--level");
        TlsLevel min = level(minimum, "--minimum");
        PolicyTable table = PolicyTable.empty();
        if (policyFile != null) {
            if (!Files.isReadable(policyFile)) {
                throw new UserError(ExitCode.NO_INPUT, "--policy-file " + policyFile + ": no such readable file");
            }
            try {
                table = PolicyTable.load(policyFile);
            } catch (PolicyTableException e) {
                throw new UserError(ExitCode.DATA_ERROR, "--policy-file: " + e.getMessage());
            } catch (IOException e) {
                throw new UserError(ExitCode.NO_INPUT, "--policy-file " + policyFile + ": " + e.getMessage());
            }
        }
        return new LocalPolicy(def, min, table);
    }

    DeliveryOptions options() {
        if (port < 1 || port > 65535) {
            throw new UserError(ExitCode.USAGE, "--port must be 1-65535, not " + port);
        }
        ClientOptions client = ClientOptions.defaults();
        if (smtpTimeout != null) {
            if (!(smtpTimeout > 0 && smtpTimeout <= 3600)) {
                throw new UserError(ExitCode.USAGE, "--smtp-timeout must be between 0 and 3600 seconds");
            }
            client = client.withAllTimeouts(Duration.ofMillis(Math.round(smtpTimeout * 1000)));
        }
        return DeliveryOptions.defaults(heloName()).withPort(port).withClient(client).withPkixRoots(caCertificates());
    }

    private String heloName() {
        if (helo != null) {
            if (!helo.matches("[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?|\\[[0-9a-fA-F.:]+\\]")) {
                throw new UserError(ExitCode.USAGE, "--helo must be a host name or an address literal, not '" + helo + "'");
            }
            return helo;
        }
        try {
            String name = InetAddress.getLocalHost().getCanonicalHostName();
            return name.contains(".") ? name : "localhost.localdomain";
        } catch (IOException e) {
            return "localhost.localdomain";
        }
    }

    private List<X509Certificate> caCertificates() {
        if (caFile == null) {
            return List.of();
        }
        if (!Files.isReadable(caFile)) {
            throw new UserError(ExitCode.NO_INPUT, "--ca-file " + caFile + ": no such readable file");
        }
        try {
            List<X509Certificate> certs = Certificates.readCertificates(caFile);
            if (certs.isEmpty()) {
                throw new UserError(ExitCode.DATA_ERROR, "--ca-file " + caFile + ": no PEM certificate in it");
            }
            return certs;
        } catch (CertificateException e) {
            throw new UserError(ExitCode.DATA_ERROR, "--ca-file " + caFile + ": not PEM certificates: " + e.getMessage());
        } catch (IOException e) {
            throw new UserError(ExitCode.NO_INPUT, "--ca-file " + caFile + ": " + e.getMessage());
        }
    }

    private static TlsLevel level(String text, String flag) {
        return TlsLevel.parse(text).orElseThrow(() -> new UserError(ExitCode.USAGE,
                flag + " '" + text + "': not a level (none, may, encrypt, dane, dane-only, verify, secure)"));
    }
}
