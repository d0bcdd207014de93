package io.mxguard.tls;

import static org.assertj.core.api.Assertions.assertThat;

import io.mxguard.pki.CertificateSpec;
import io.mxguard.pki.Certificates;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class HostnameMatcherTest {

    @ParameterizedTest(name = "{0} vs {1} -> {2}")
    @CsvSource({
        "mx.example.com,      mx.example.com,      true",
        "MX.Example.COM,      mx.example.com,      true",
        "mx.example.com.,     mx.example.com,      true",
        "mx.example.com,      mx.example.com.,     true",
        "mx.example.com,      mx2.example.com,     false",
        "*.example.com,       mx.example.com,      true",
        "*.Example.com,       MX.example.COM.,     true",
        "*.example.com,       a.b.example.com,     false",
        "*.example.com,       example.com,         false",
        "*.example.com,       .example.com,        true",
        "mx.example.com,      .example.com,        true",
        "a.b.example.com,     .example.com,        true",
        "example.com,         .example.com,        false",
        "mx.example.org,      .example.com,        false",
        "mx.badexample.com,   .example.com,        false",
        "example.com,         .com,                false",
        "*.com,               example.com,         false",
        "f*.example.com,      foo.example.com,     false",
        "*x.example.com,      xx.example.com,      false",
        "mx.*.example.com,    mx.a.example.com,    false",
        "*.*.example.com,     a.b.example.com,     false",
        "*,                   com,                 false",
        "mx.example.com,      *.example.com,       false",
        "mx..example.com,     mx..example.com,     false",
        "'',                  '',                  false",
    })
    void matches(String presented, String reference, boolean expected) {
        assertThat(HostnameMatcher.matches(presented, reference)).isEqualTo(expected);
    }

    @Test
    void nonAsciiNames_neverMatch() {
        assertThat(HostnameMatcher.matches("mx.bücher.example", "mx.bücher.example")).isFalse();
        assertThat(HostnameMatcher.matches("mx.xn--bcher-kva.example", "MX.XN--BCHER-KVA.example")).isTrue();
    }

    @Test
    void subjectCn_usedOnlyWithoutDnsSans() {
        Instant now = Instant.now();
        var noSan = Certificates.issue(new CertificateSpec("mx.example.com", List.of(), now, now.plus(Duration.ofDays(1)),
                false, CertificateSpec.KeyType.EC_P256), null).certificate();
        var withSan = Certificates.issue(new CertificateSpec("mx.example.com", List.of("other.example.com"), now,
                now.plus(Duration.ofDays(1)), false, CertificateSpec.KeyType.EC_P256), null).certificate();
        assertThat(HostnameMatcher.presentedNames(noSan)).containsExactly("mx.example.com");
        assertThat(HostnameMatcher.firstMatch(noSan, List.of("mx.example.com"))).contains("mx.example.com");
        assertThat(HostnameMatcher.presentedNames(withSan)).containsExactly("other.example.com");
        assertThat(HostnameMatcher.firstMatch(withSan, List.of("mx.example.com"))).isEmpty();
        assertThat(HostnameMatcher.firstMatch(withSan, List.of("mx.example.com", "other.example.com.")))
                .contains("other.example.com.");
    }
}
