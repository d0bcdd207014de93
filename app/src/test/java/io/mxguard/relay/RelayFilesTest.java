package io.mxguard.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mxguard.pki.CertificateSpec;
import io.mxguard.pki.Certificates;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The settings that name files (delivery.caFile, dns.trustAnchor, delivery.policyFile, tls.*): each
 * is read at load, a bad one is reported at its key, and a broken file never hides an earlier error.
 */
class RelayFilesTest {
    private static final String QUEUE = "queue:\n  directory: spool\n";
    private static final String BASE = QUEUE + "dns:\n  resolvers: [127.0.0.1:5353]\n";

    @TempDir
    Path dir;

    /** load - {@code yaml} as DIR/relay.yaml, with {@code flags} over it. */
    private RelayConfig load(String yaml, RelayConfigLoader.Overrides flags) throws Exception {
        return RelayConfigLoader.load(Optional.of(Files.writeString(dir.resolve("relay.yaml"), yaml)), flags);
    }

    private RelayConfig load(String yaml) throws Exception {
        return load(yaml, RelayConfigLoader.Overrides.none());
    }

    @Test
    void caFile_rootsLoaded_relativeToTheConfigFile() throws Exception {
        Certificates.Issued ca = Certificates.issue(CertificateSpec.authority("Test CA", Instant.now(),
                Instant.now().plus(Duration.ofDays(1))), null);
        Files.writeString(dir.resolve("ca.pem"), ca.chainPem());
        RelayConfig c = load(BASE + "delivery:\n  caFile: ca.pem\n");
        assertThat(c.delivery().pkixRoots()).hasSize(1);
        assertThat(c.summary()).anyMatch(l -> l.endsWith(", PKIX roots: 1 from ca.pem"));
    }

    @Test
    void trustAnchorFlag_missingFile_namesTheFlag_exit66() throws Exception {
        assertThatThrownBy(() -> load(BASE, new RelayConfigLoader.Overrides(null, null, null, null,
                "no-such-anchor.ds", null, null, null)))
                .isInstanceOfSatisfying(ConfigException.class, e -> {
                    assertThat(e.getMessage()).isEqualTo("--trust-anchor: no-such-anchor.ds: no such readable file");
                    assertThat(e.exitCode()).isEqualTo(66);
                });
    }

    static Stream<Arguments> badFiles() {
        return Stream.of(
                Arguments.of("missing CA file", BASE + "delivery:\n  caFile: nope.pem\n", "", 66,
                        "relay.yaml:6: delivery.caFile: DIR/nope.pem: no such readable file"),
                Arguments.of("CA file without certificates", BASE + "delivery:\n  caFile: ca.pem\n", "", 65,
                        "relay.yaml:6: delivery.caFile: DIR/ca.pem: no PEM certificate in it"),
                Arguments.of("CA file not certificates", BASE + "delivery:\n  caFile: ca.pem\n", "hello\n", 65,
                        "relay.yaml:6: delivery.caFile: DIR/ca.pem: not PEM certificates: "),
                Arguments.of("CA file is a directory", BASE + "delivery:\n  caFile: .\n", null, 66,
                        "relay.yaml:6: delivery.caFile: DIR/.: no such readable file"),
                Arguments.of("missing trust anchor", BASE + "  trustAnchor: nope.ds\n", "", 66,
                        "relay.yaml:5: dns.trustAnchor: DIR/nope.ds: no such readable file"),
                Arguments.of("bad trust anchor", BASE + "  trustAnchor: ca.pem\n", ". IN A 192.0.2.1\n", 65,
                        "relay.yaml:5: dns.trustAnchor: DIR/ca.pem:1: "),
                Arguments.of("bad policy file", BASE + "delivery:\n  policyFile: ca.pem\n", "example.com paranoid\n", 65,
                        "relay.yaml:6: delivery.policyFile: DIR/ca.pem:1: "),
                Arguments.of("missing certificate and key", BASE + "tls:\n  certificate: a.pem\n  key: b.pem\n", null, 66,
                        "relay.yaml:6: tls.certificate: DIR/a.pem: no such readable file"),
                Arguments.of("missing key", BASE + "tls:\n  certificate: ca.pem\n  key: b.pem\n", "", 66,
                        "relay.yaml:7: tls.key: DIR/b.pem: no such readable file"),
                Arguments.of("certificate without key", BASE + "tls:\n  certificate: ca.pem\n", "", 65,
                        "relay.yaml:6: tls.certificate: needs tls.key as well (both PEM files, or neither)"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badFiles")
    void badFile_reportedAtItsKey(String name, String yaml, String content, int exit, String message) throws Exception {
        if (content != null) {
            Files.writeString(dir.resolve("ca.pem"), content);
        }
        assertThatThrownBy(() -> load(yaml)).isInstanceOfSatisfying(ConfigException.class, e -> {
            String got = e.getMessage().replace(dir.resolve("relay.yaml").toString(), "relay.yaml")
                    .replace(dir.toString(), "DIR");
            assertThat(got).startsWith(message);
            assertThat(e.exitCode()).isEqualTo(exit);
        });
    }

    /** Two bad values in one file: the one checked first is the one reported, files or not. */
    static Stream<Arguments> twoErrors() {
        String missingTls = "tls:\n  certificate: a.pem\n  key: b.pem\n";
        return Stream.of(
                Arguments.of("hostname before tls", BASE + "hostname: -x-\n" + missingTls, "hostname"),
                Arguments.of("tls before clients.networks", BASE + missingTls + "clients:\n  networks: [nowhere]\n",
                        "tls.certificate"),
                Arguments.of("clients.users before queue.directory", "clients:\n  users: u\n", "clients.users"),
                Arguments.of("queue.directory before delivery.policyFile", "delivery:\n  policyFile: p\n",
                        "queue.directory"),
                Arguments.of("delivery.minimum before delivery.policyFile", BASE
                        + "delivery:\n  minimum: paranoid\n  policyFile: p\n", "delivery.minimum"),
                Arguments.of("delivery.policyFile before delivery.port", BASE
                        + "delivery:\n  policyFile: p\n  port: 0\n", "delivery.policyFile"),
                Arguments.of("delivery.helo before delivery.caFile", BASE
                        + "delivery:\n  caFile: c\n  helo: -x-\n", "delivery.helo"),
                Arguments.of("delivery.caFile before dns.resolvers", QUEUE
                        + "delivery:\n  caFile: c\ndns:\n  resolvers: [127.0.0.1:99999]\n", "delivery.caFile"),
                Arguments.of("dns.resolvers before dns.trustAnchor", QUEUE
                        + "dns:\n  trustAnchor: t\n  resolvers: [127.0.0.1:99999]\n", "dns.resolvers[0]"),
                Arguments.of("dns.trustAnchor before retry", BASE + "  trustAnchor: t\nretry:\n  minBackoff: soon\n",
                        "dns.trustAnchor"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("twoErrors")
    void twoBadValues_theEarlierIsReported(String name, String yaml, String key) throws Exception {
        assertThatThrownBy(() -> load(yaml)).isInstanceOfSatisfying(ConfigException.class,
                e -> assertThat(e.getMessage()).contains(": " + key + ": "));
    }
}
