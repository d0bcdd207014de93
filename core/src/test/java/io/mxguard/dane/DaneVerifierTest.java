package io.mxguard.dane;

import static org.assertj.core.api.Assertions.assertThat;

import io.mxguard.dane.DaneCases.Case;
import io.mxguard.dane.DaneResult.Failed;
import io.mxguard.dane.DaneResult.Matched;
import io.mxguard.pki.CertificateSpec;
import io.mxguard.pki.Certificates;
import io.mxguard.pki.Certificates.Issued;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class DaneVerifierTest {

    static Stream<Case> cases() {
        return DaneCases.all().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void table(Case c) {
        DaneResult result = c.verify();
        if (c.expect().success()) {
            assertThat(result).as(c.scenario()).isInstanceOf(Matched.class);
            Matched m = (Matched) result;
            assertThat(m.usage()).as(c.scenario() + " " + m.details()).isEqualTo(c.expect().usage());
            assertThat(m.depth()).as(c.scenario() + " " + m.details()).isEqualTo(c.expect().depth());
        } else {
            assertThat(result).as(c.scenario()).isInstanceOf(Failed.class);
            assertThat(((Failed) result).reason()).as(c.scenario() + ": " + result).isEqualTo(c.expect().reason());
        }
    }

    @Test
    void pkixUsagesOnly_usableListIsEmpty() {
        byte[] d = new byte[32];
        assertThat(TlsaRecords.usable(List.of(DaneCases.tlsa(0, 0, 1, d), DaneCases.tlsa(1, 1, 1, d)))).isEmpty();
    }

    @Test
    void daneTa_nextHopDomainOrOriginalMxName_areReferenceNames() {
        Issued root = Certificates.issue(CertificateSpec.authority("Root", DaneCases.NOW.minus(Duration.ofDays(1)),
                DaneCases.NOW.plus(Duration.ofDays(9))), null);
        Issued leaf = Certificates.issue(CertificateSpec.server(DaneCases.NOW.minus(Duration.ofDays(1)),
                DaneCases.NOW.plus(Duration.ofDays(9)), "destination.com"), root);
        var records = List.of(DaneCases.ta(0, 1, Certificates.certSha256(root.certificate())));
        // MX mx.destination.com is a CNAME for host.hosting.example, where the TLSA records are.
        DaneReferenceNames names = new DaneReferenceNames("host.hosting.example.", "mx.destination.com.",
                "host.hosting.example.", "Destination.COM");
        assertThat(names.sniName()).isEqualTo("host.hosting.example");
        assertThat(names.names()).containsExactly("host.hosting.example", "mx.destination.com", "destination.com");
        assertThat(DaneVerifier.verify(leaf.chain(), records, names.names(), DaneCases.NOW)).isInstanceOf(Matched.class);
        assertThat(DaneVerifier.verify(leaf.chain(), records, List.of("mx.destination.com"), DaneCases.NOW))
                .isInstanceOfSatisfying(Failed.class, f -> assertThat(f.reason()).isEqualTo(DaneResult.Reason.NAME_MISMATCH));
    }

    @Test
    void failure_messageNamesWhatWasPresented() {
        Case wrong = DaneCases.all().stream().filter(c -> c.scenario().equals("daneTa201_wrongName_nameMismatch"))
                .findFirst().orElseThrow();
        Failed f = (Failed) wrong.verify();
        assertThat(f.message()).contains("mx.attacker.net").contains("mx.destination.com").contains("2 0 1");
    }
}
