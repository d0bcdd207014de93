package io.mxguard.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.xbill.DNS.Name;

class PolicyTableTest {

    private static Name n(String s) {
        return Name.fromConstantString(s.endsWith(".") ? s : s + ".");
    }

    private static PolicyTable table(String... lines) throws PolicyTableException {
        return PolicyTable.parse("tls_policy", List.of(lines));
    }

    @Test
    void levels_parseByPostfixKeyword_caseInsensitive() {
        assertThat(TlsLevel.parse("dane-only")).contains(TlsLevel.DANE_ONLY);
        assertThat(TlsLevel.parse("SECURE")).contains(TlsLevel.SECURE);
        assertThat(TlsLevel.parse("dane_only")).isEmpty();
        assertThat(TlsLevel.DANE_ONLY.keyword()).isEqualTo("dane-only");
    }

    @Test
    void commentsAndBlankLines_areIgnored_entriesKeepTheirLine() throws Exception {
        PolicyTable t = table("# site policy", "", "   ", "example.com  secure  match=example.com:.example.com # bank",
                "partner.org verify match=hostname:MAIL.partner.org.");

        assertThat(t.size()).isEqualTo(2);
        PolicyTable.Entry e = t.lookup(n("example.com")).orElseThrow();
        assertThat(e.level()).isEqualTo(TlsLevel.SECURE);
        assertThat(e.matchNames()).containsExactly("example.com", ".example.com");
        assertThat(e.where()).isEqualTo("tls_policy:4");
        assertThat(t.lookup(n("partner.org")).orElseThrow().matchNames()).containsExactly("hostname", "mail.partner.org");
    }

    @Test
    void dotDomain_matchesSubdomains_notTheDomainItself() throws Exception {
        PolicyTable t = table(".example.net encrypt");

        assertThat(t.lookup(n("mail.example.net")).map(PolicyTable.Entry::level)).contains(TlsLevel.ENCRYPT);
        assertThat(t.lookup(n("a.b.example.net")).map(PolicyTable.Entry::level)).contains(TlsLevel.ENCRYPT);
        assertThat(t.lookup(n("example.net"))).isEmpty();
        assertThat(t.lookup(n("otherexample.net"))).isEmpty();
    }

    @Test
    void exactDomain_beatsParentWildcard_andClosestParentWins() throws Exception {
        PolicyTable t = table(".example.net encrypt", "mail.example.net none", ".eu.example.net dane-only");

        assertThat(t.lookup(n("mail.example.net")).orElseThrow().level()).isEqualTo(TlsLevel.NONE);
        assertThat(t.lookup(n("x.eu.example.net")).orElseThrow().level()).isEqualTo(TlsLevel.DANE_ONLY);
        assertThat(t.lookup(n("x.us.example.net")).orElseThrow().level()).isEqualTo(TlsLevel.ENCRYPT);
    }

    @Test
    void lookup_isCaseInsensitive() throws Exception {
        assertThat(table("Example.COM may").lookup(n("EXAMPLE.com"))).isPresent();
    }

    static Stream<Arguments> badTables() {
        return Stream.of(
                Arguments.of(List.of("example.com"), 1, "expected \"DESTINATION LEVEL"),
                Arguments.of(List.of("# ok", "example.com dane_only"), 2, "unknown TLS level \"dane_only\""),
                Arguments.of(List.of("example.com encrypt match=example.com"), 1,
                        "match= is not allowed with level encrypt"),
                Arguments.of(List.of("example.com dane match=hostname"), 1, "match= is not allowed with level dane"),
                Arguments.of(List.of("example.com may", "", "EXAMPLE.com. secure"), 3,
                        "duplicate destination example.com (first at line 1)"),
                Arguments.of(List.of(".example.com may", ".example.com encrypt"), 2, "duplicate destination .example.com"),
                Arguments.of(List.of("exa_mple.com may"), 1, "bad destination \"exa_mple.com\": character '_'"),
                Arguments.of(List.of("example..com may"), 1, "bad destination \"example..com\": empty label"),
                Arguments.of(List.of("-example.com may"), 1, "starts or ends with a hyphen"),
                Arguments.of(List.of("a" + "b".repeat(63) + ".com may"), 1, "label longer than 63"),
                Arguments.of(List.of("example.com verify match="), 1, "match= needs at least one name"),
                Arguments.of(List.of("example.com verify match=a.com::b.com"), 1, "bad match name \"\": empty name"),
                Arguments.of(List.of("example.com verify match=a.com match=b.com"), 1, "match= given twice"),
                Arguments.of(List.of("example.com secure ciphers=high"), 1, "unknown attribute \"ciphers=high\""));
    }

    @ParameterizedTest
    @MethodSource("badTables")
    void badLine_isRejected_withFileLineAndPreciseMessage(List<String> lines, int line, String message) {
        assertThatThrownBy(() -> PolicyTable.parse("tls_policy", lines))
                .isInstanceOfSatisfying(PolicyTableException.class, e -> {
                    assertThat(e.line()).isEqualTo(line);
                    assertThat(e.problem()).contains(message);
                    assertThat(e.getMessage()).startsWith("tls_policy:" + line + ": ");
                });
    }

    @Test
    void load_readsAFile_andErrorsNameIt(@TempDir Path dir) throws Exception {
        Path good = Files.writeString(dir.resolve("tls_policy"), "destination.com dane-only\n");
        Path bad = Files.writeString(dir.resolve("bad_policy"), "\n\ndestination.com tls\n");

        assertThat(PolicyTable.load(good).lookup(n("destination.com")).orElseThrow().level()).isEqualTo(TlsLevel.DANE_ONLY);
        assertThatThrownBy(() -> PolicyTable.load(bad)).hasMessageStartingWith(bad + ":3: unknown TLS level \"tls\"");
    }

    @Test
    void localPolicy_tableEntryReplacesDefault_elseDefaultWithOrigin() throws Exception {
        var policy = new LocalPolicy(TlsLevel.DANE, TlsLevel.NONE, table("bank.example secure"));

        assertThat(policy.configured(n("bank.example")).level()).isEqualTo(TlsLevel.SECURE);
        assertThat(policy.configured(n("bank.example")).origin()).contains("tls_policy:1");
        assertThat(policy.configured(n("other.example")).level()).isEqualTo(TlsLevel.DANE);
        assertThat(policy.configured(n("other.example")).origin()).isEqualTo("default level");
    }
}
