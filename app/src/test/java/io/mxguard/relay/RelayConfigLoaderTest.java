package io.mxguard.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mxguard.dns.Upstream;
import io.mxguard.policy.TlsLevel;
import io.mxguard.report.DeliveryLog;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import io.mxguard.pki.CertificateSpec;
import io.mxguard.pki.Certificates;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RelayConfigLoaderTest {
    private static final String BASE = "queue:\n  directory: spool\ndns:\n  resolvers: [127.0.0.1:5353]\n";

    @TempDir
    Path dir;

    private Path write(String yaml) throws Exception {
        Path f = dir.resolve("relay.yaml");
        Files.writeString(f, yaml);
        return f;
    }

    private RelayConfig load(String yaml) throws Exception {
        return RelayConfigLoader.load(Optional.of(write(yaml)), RelayConfigLoader.Overrides.none());
    }

    @Test
    void minimal_defaultsApply() throws Exception {
        RelayConfig c = load(BASE);
        assertThat(c.listen()).containsExactly(new InetSocketAddress("127.0.0.1", 2525));
        assertThat(c.clientNetworks()).containsExactly("127.0.0.1/32");
        assertThat(c.queueDirectory()).isEqualTo(dir.resolve("spool"));
        assertThat(c.policy().defaultLevel()).isEqualTo(TlsLevel.parse("dane").orElseThrow());
        assertThat(c.policy().minimum()).isEqualTo(TlsLevel.parse("none").orElseThrow());
        assertThat(c.delivery().port()).isEqualTo(25);
        assertThat(c.resolvers()).containsExactly(new Upstream("127.0.0.1", 5353));
        assertThat(c.queue().minBackoff()).isEqualTo(Duration.ofMinutes(5));
        assertThat(c.queue().maxBackoff()).isEqualTo(Duration.ofHours(4));
        assertThat(c.queue().maxLifetime()).isEqualTo(Duration.ofDays(5));
        assertThat(c.queue().delayWarning()).isEqualTo(Duration.ofHours(4));
        assertThat(c.queue().threads()).isEqualTo(4);
        assertThat(c.queue().perDestination()).isEqualTo(2);
        assertThat(c.messageSize()).isEqualTo(25L * 1024 * 1024);
        assertThat(c.server().messageMemory()).isGreaterThanOrEqualTo(c.messageSize());
        assertThat(c.logFormat()).isEqualTo(DeliveryLog.Format.TEXT);
        assertThat(c.tls()).isEmpty();
        assertThat(c.server().listen()).isEqualTo(c.listen());
    }

    @Test
    void everyKey_isRead() throws Exception {
        Files.writeString(dir.resolve("policy"), "destination.com secure match=mx.destination.com\n");
        RelayConfig c = load("""
                listen: ["127.0.0.1:2526", "[::1]:2526"]
                hostname: relay.source.com
                clients:
                  networks: [10.0.0.0/8, "::1/128"]
                queue:
                  directory: /var/spool/mxguard
                  concurrency: 20
                  perDestination: 10
                delivery:
                  level: may
                  minimum: encrypt
                  policyFile: policy
                  port: 2525
                  helo: smtp.source.com
                dns:
                  resolvers: ["127.0.0.1:53", "[::1]:53"]
                retry:
                  minBackoff: 30s
                  maxBackoff: 1h30m
                  maxLifetime: 2d
                  delayWarning: 2h
                limits:
                  messageSize: 10M
                  messageMemory: 200M
                  sessions: 20
                  perClient: 5
                  recipients: 50
                log:
                  format: json
                """);
        assertThat(c.listen()).hasSize(2);
        assertThat(c.hostname()).isEqualTo("relay.source.com");
        assertThat(c.clientNetworks()).containsExactly("10.0.0.0/8", "::1/128");
        assertThat(c.queueDirectory()).isEqualTo(Path.of("/var/spool/mxguard"));
        assertThat(c.policy().defaultLevel().keyword()).isEqualTo("may");
        assertThat(c.policy().minimum().keyword()).isEqualTo("encrypt");
        assertThat(c.delivery().port()).isEqualTo(2525);
        assertThat(c.delivery().heloName()).isEqualTo("smtp.source.com");
        assertThat(c.resolvers()).hasSize(2);
        assertThat(c.queue().minBackoff()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.queue().maxBackoff()).isEqualTo(Duration.ofMinutes(90));
        assertThat(c.queue().maxLifetime()).isEqualTo(Duration.ofDays(2));
        assertThat(c.queue().reportingMta()).isEqualTo("relay.source.com");
        assertThat(c.queue().threads()).isEqualTo(20);
        assertThat(c.queue().perDestination()).isEqualTo(10);
        assertThat(c.messageSize()).isEqualTo(10L * 1024 * 1024);
        assertThat(c.server().messageMemory()).isEqualTo(200L * 1024 * 1024);
        assertThat(c.server().maxSessions()).isEqualTo(20);
        assertThat(c.server().maxSessionsPerClient()).isEqualTo(5);
        assertThat(c.server().maxRecipients()).isEqualTo(50);
        assertThat(c.logFormat()).isEqualTo(DeliveryLog.Format.JSON);
    }

    @Test
    void messageMemory_mustHoldOneMessageOfTheLargestSize() {
        assertThatThrownBy(() -> load(BASE + "limits:\n  messageSize: 10M\n  messageMemory: 5M\n"))
                .hasMessage(dir.resolve("relay.yaml") + ":7: limits.messageMemory: 5242880 octets is less than"
                        + " limits.messageSize (10485760): a message of the largest size could never be received");
    }

    @Test
    void queueConcurrency_bounded_andPerDestinationNeverAboveIt() throws Exception {
        String queue = "queue:\n  directory: spool\n";
        String dns = "dns:\n  resolvers: [127.0.0.1:5353]\n";
        // A lone concurrency of 1 lowers the per-destination default with it, rather than being an error.
        assertThat(load(queue + "  concurrency: 1\n" + dns).queue().perDestination()).isEqualTo(1);
        assertThatThrownBy(() -> load(queue + "  concurrency: 4\n  perDestination: 5\n" + dns))
                .isInstanceOfSatisfying(ConfigException.class, e -> {
                    assertThat(e.getMessage()).isEqualTo(dir.resolve("relay.yaml") + ":4: queue.perDestination: 5 is"
                            + " more than queue.concurrency (4): no more deliveries than that run at once");
                    assertThat(e.exitCode()).isEqualTo(65);
                });
        assertThatThrownBy(() -> load(queue + "  concurrency: 0\n" + dns))
                .hasMessage(dir.resolve("relay.yaml") + ":3: queue.concurrency: must be at least 1, not 0");
    }

    @Test
    void tls_pemFiles_loaded_andAnotherKey_isAnErrorAtTheKey() throws Exception {
        Certificates.Issued ca = Certificates.issue(CertificateSpec.authority("Test CA", Instant.now(),
                Instant.now().plus(Duration.ofDays(1))), null);
        Certificates.Issued leaf = Certificates.issue(CertificateSpec.server(Instant.now(),
                Instant.now().plus(Duration.ofDays(1)), "relay.source.com"), ca);
        Files.writeString(dir.resolve("relay.crt"), leaf.chainPem());
        Files.writeString(dir.resolve("relay.key"), leaf.privateKeyPem());
        Files.writeString(dir.resolve("ca.key"), ca.privateKeyPem());
        RelayConfig c = load(BASE + "tls:\n  certificate: relay.crt\n  key: relay.key\n");
        assertThat(c.tls()).isPresent();
        assertThat(c.server().tls()).isPresent();
        assertThat(c.summary()).anyMatch(l -> l.startsWith("tls: STARTTLS offered"));
        assertThatThrownBy(() -> load(BASE + "tls:\n  certificate: relay.crt\n  key: ca.key\n"))
                .isInstanceOfSatisfying(ConfigException.class, e -> {
                    assertThat(e.getMessage()).startsWith(dir.resolve("relay.yaml") + ":6: tls.certificate: ");
                    assertThat(e.exitCode()).isEqualTo(65);
                });
    }

    @Test
    void clientsUsers_loadedWithTls_badLineNamedByBothFiles_noTlsRefused() throws Exception {
        Certificates.Issued leaf = Certificates.issue(CertificateSpec.server(Instant.now(),
                Instant.now().plus(Duration.ofDays(1)), "relay.source.com"), null);
        Files.writeString(dir.resolve("relay.crt"), leaf.chainPem());
        Files.writeString(dir.resolve("relay.key"), leaf.privateKeyPem());
        String tls = "tls:\n  certificate: relay.crt\n  key: relay.key\n";
        io.mxguard.smtp.server.auth.UsersFile.setPassword(dir.resolve("users"), "bob",
                io.mxguard.smtp.server.auth.PasswordHash.create("secret".toCharArray(), 10_000));

        RelayConfig c = load(BASE + tls + "clients:\n  users: users\n");
        assertThat(c.server().users()).hasValueSatisfying(u ->
                assertThat(u.verify("bob", "secret".toCharArray())).isTrue());
        assertThat(c.summary()).contains("clients.users: 1 user(s) from " + dir.resolve("users")
                + " may relay after AUTH over TLS");

        Files.writeString(dir.resolve("bad"), "# users\nbob:md5$x\n");
        assertThatThrownBy(() -> load(BASE + tls + "clients:\n  users: bad\n"))
                .isInstanceOfSatisfying(ConfigException.class, e -> {
                    assertThat(e.getMessage()).isEqualTo(dir.resolve("relay.yaml") + ":9: clients.users: "
                            + dir.resolve("bad") + ":2: unknown password scheme 'md5' (only pbkdf2-sha256)");
                    assertThat(e.exitCode()).isEqualTo(65);
                });
        assertThatThrownBy(() -> load(BASE + "clients:\n  users: users\n"))
                .isInstanceOfSatisfying(ConfigException.class, e -> {
                    assertThat(e.getMessage()).isEqualTo(dir.resolve("relay.yaml") + ":6: clients.users: needs "
                            + "tls.certificate and tls.key: AUTH is offered only over TLS (RFC 4954 §4)");
                    assertThat(e.exitCode()).isEqualTo(65);
                });
        assertThatThrownBy(() -> load(BASE + tls + "clients:\n  users: nope\n"))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.exitCode()).isEqualTo(66));
    }

    @Test
    void flags_overrideTheFile() throws Exception {
        RelayConfig c = RelayConfigLoader.load(Optional.of(write(BASE + "listen: [127.0.0.1:2525]\n")),
                new RelayConfigLoader.Overrides(List.of("127.0.0.1:0"), dir.resolve("other").toString(),
                        List.of("10.1.0.0/16"), List.of("127.0.0.2:53"), null, 2526, "verify", "json"));
        assertThat(c.listen()).containsExactly(new InetSocketAddress("127.0.0.1", 0));
        assertThat(c.queueDirectory()).isEqualTo(dir.resolve("other"));
        assertThat(c.clientNetworks()).containsExactly("10.1.0.0/16");
        assertThat(c.resolvers()).containsExactly(new Upstream("127.0.0.2", 53));
        assertThat(c.delivery().port()).isEqualTo(2526);
        assertThat(c.policy().defaultLevel().keyword()).isEqualTo("verify");
        assertThat(c.logFormat()).isEqualTo(DeliveryLog.Format.JSON);
    }

    @Test
    void noFile_flagsOnly() throws Exception {
        RelayConfig c = RelayConfigLoader.load(Optional.empty(), new RelayConfigLoader.Overrides(null,
                dir.toString(), null, List.of("127.0.0.1"), null, null, null, null));
        assertThat(c.queueDirectory()).isEqualTo(dir);
    }

    static Stream<Arguments> badConfigs() {
        return Stream.of(
                Arguments.of("top-level typo", "lisen: [127.0.0.1:2525]\n" + BASE, 65,
                        "relay.yaml:1: unknown key 'lisen' (did you mean 'listen'?)"),
                Arguments.of("nested typo", BASE + "retry:\n  maxBackof: 4h\n", 65,
                        "relay.yaml:6: unknown key 'retry.maxBackof' (did you mean 'maxBackoff'?)"),
                Arguments.of("snake case", BASE + "delivery:\n  policy_file: p\n", 65,
                        "relay.yaml:6: unknown key 'delivery.policy_file' (did you mean 'policyFile'?)"),
                Arguments.of("not a number", BASE + "limits:\n  sessions: many\n", 65,
                        "relay.yaml:6: limits.sessions: 'many' is not a whole number"),
                Arguments.of("fraction", BASE + "limits:\n  sessions: 1.5\n", 65,
                        "relay.yaml:6: limits.sessions: '1.5' is not a whole number"),
                Arguments.of("scalar for section", BASE + "retry: 5m\n", 65,
                        "relay.yaml:5: retry: expected a section of keys (key: value lines)"),
                Arguments.of("bad duration", BASE + "retry:\n  maxBackoff: 4x\n", 65,
                        "relay.yaml:6: retry.maxBackoff: '4x' is not a duration (use a number and a unit: 30s, 5m, 4h, 5d)"),
                Arguments.of("bare number duration", BASE + "retry:\n  minBackoff: 300\n", 65,
                        "relay.yaml:6: retry.minBackoff: '300' is not a duration (use a number and a unit: 30s, 5m, 4h, 5d)"),
                Arguments.of("max below min", BASE + "retry:\n  minBackoff: 1h\n  maxBackoff: 5m\n", 65,
                        "relay.yaml:7: retry.maxBackoff: retry.maxBackoff (PT5M) must not be shorter than retry.minBackoff (PT1H)"),
                Arguments.of("bad CIDR", BASE + "clients:\n  networks:\n    - 127.0.0.1/32\n    - mail.example.com/24\n", 65,
                        "relay.yaml:8: clients.networks[1]: not an IP network: 'mail.example.com/24' (expected e.g. 10.0.0.0/8 or ::1/128)"),
                Arguments.of("bad prefix", BASE + "clients:\n  networks: [10.0.0.0/33]\n", 65,
                        "relay.yaml:6: clients.networks[0]: bad network '10.0.0.0/33': prefix length 33 out of range"),
                Arguments.of("listen without port", "listen:\n  - 127.0.0.1\n" + BASE, 65,
                        "relay.yaml:2: listen[0]: '127.0.0.1' is not HOST:PORT (e.g. 127.0.0.1:2525 or [::1]:2525)"),
                Arguments.of("listen on a name", "listen: [mail.example.com:25]\n" + BASE, 65,
                        "relay.yaml:1: listen[0]: 'mail.example.com:25': the host must be an IP address (or localhost)"),
                Arguments.of("missing certificate", BASE + "tls:\n  certificate: nope.pem\n  key: nope.key\n", 66,
                        "relay.yaml:6: tls.certificate: DIR/nope.pem: no such readable file"),
                Arguments.of("key without certificate", BASE + "tls:\n  key: k.pem\n", 65,
                        "relay.yaml:6: tls.key: needs tls.certificate as well (both PEM files, or neither)"),
                Arguments.of("bad level", BASE + "delivery:\n  level: paranoid\n", 65,
                        "relay.yaml:6: delivery.level: 'paranoid' is not a level (none, may, encrypt, dane, dane-only, verify, secure)"),
                Arguments.of("bad port", BASE + "delivery:\n  port: 70000\n", 65,
                        "relay.yaml:6: delivery.port: must be 1-65535, not 70000"),
                Arguments.of("missing policy file", BASE + "delivery:\n  policyFile: /nonexistent/policy\n", 66,
                        "relay.yaml:6: delivery.policyFile: /nonexistent/policy: no such readable file"),
                Arguments.of("bad resolver", "queue:\n  directory: q\ndns:\n  resolvers:\n    - 127.0.0.1:99999\n", 65,
                        "relay.yaml:5: dns.resolvers[0]: '127.0.0.1:99999': "),
                Arguments.of("bad size", BASE + "limits:\n  messageSize: 10 megabytes\n", 65,
                        "relay.yaml:6: limits.messageSize: '10 megabytes' is not a size (use octets, or a number with K, M or G: 25M)"),
                Arguments.of("zero sessions", BASE + "limits:\n  sessions: 0\n", 65,
                        "relay.yaml:6: limits.sessions: must be at least 1, not 0"),
                Arguments.of("bad log format", BASE + "log:\n  format: xml\n", 65,
                        "relay.yaml:6: log.format: 'xml' is not a log format (text or json)"),
                Arguments.of("no queue directory", "dns:\n  resolvers: [127.0.0.1]\n", 65,
                        "relay.yaml: queue.directory: is required: where the relay keeps its queue (or give --queue-dir)"),
                Arguments.of("duplicate key", BASE + "listen: [127.0.0.1:1]\nlisten: [127.0.0.1:2]\n", 65,
                        "relay.yaml:6: not valid YAML: Duplicate field 'listen'"),
                Arguments.of("YAML syntax", BASE + "listen: [127.0.0.1:2525\n", 65,
                        "relay.yaml:5: not valid YAML: while parsing a flow sequence: expected ',' or ']', but got <stream end>"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badConfigs")
    void badConfig_clearErrorWithLine(String name, String yaml, int exit, String message) throws Exception {
        Path f = write(yaml);
        assertThatThrownBy(() -> RelayConfigLoader.load(Optional.of(f), RelayConfigLoader.Overrides.none()))
                .isInstanceOfSatisfying(ConfigException.class, e -> {
                    String got = e.getMessage().replace(f.toString(), "relay.yaml").replace(dir.toString(), "DIR");
                    assertThat(got).startsWith(message);
                    assertThat(e.exitCode()).isEqualTo(exit);
                });
    }

    @Test
    void badFlag_exit64_namesTheFlag() throws Exception {
        Path f = write(BASE);
        assertThatThrownBy(() -> RelayConfigLoader.load(Optional.of(f), new RelayConfigLoader.Overrides(
                List.of("127.0.0.1"), null, null, null, null, null, null, null)))
                .isInstanceOfSatisfying(ConfigException.class, e -> {
                    assertThat(e.getMessage()).isEqualTo("--listen: '127.0.0.1' is not HOST:PORT (e.g. 127.0.0.1:2525 or [::1]:2525)");
                    assertThat(e.exitCode()).isEqualTo(64);
                });
        assertThatThrownBy(() -> RelayConfigLoader.load(Optional.of(f), new RelayConfigLoader.Overrides(
                null, null, null, null, null, null, "paranoid", null)))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.exitCode()).isEqualTo(64));
    }

    @Test
    void unreadableConfigFile_exit66() {
        assertThatThrownBy(() -> RelayConfigLoader.load(Optional.of(dir.resolve("missing.yaml")),
                RelayConfigLoader.Overrides.none()))
                .isInstanceOfSatisfying(ConfigException.class, e -> {
                    assertThat(e.exitCode()).isEqualTo(66);
                    assertThat(e.getMessage()).endsWith("missing.yaml: no such readable file");
                });
    }

    @Test
    void durations_table() {
        assertThat(ConfigValues.duration("5m")).isEqualTo(Duration.ofMinutes(5));
        assertThat(ConfigValues.duration("4h")).isEqualTo(Duration.ofHours(4));
        assertThat(ConfigValues.duration("5d")).isEqualTo(Duration.ofDays(5));
        assertThat(ConfigValues.duration("1w")).isEqualTo(Duration.ofDays(7));
        assertThat(ConfigValues.duration("1h30m")).isEqualTo(Duration.ofMinutes(90));
        for (String bad : List.of("", "5", "m", "5 m", "-5m", "0s", "5y", "1.5h")) {
            assertThatThrownBy(() -> ConfigValues.duration(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
