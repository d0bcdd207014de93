package io.mxguard.dns;

import static io.mxguard.dns.ScriptedDnsServer.answer;
import static io.mxguard.dns.ScriptedDnsServer.response;
import static io.mxguard.dns.ScriptedDnsServer.wire;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.DSRecord;
import org.xbill.DNS.DNSSEC;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Type;

class UpstreamCheckTest {

    private static final Name COM = Name.fromConstantString("com.");
    private ScriptedDnsServer server;

    @AfterEach
    void tearDown() {
        if (server != null) {
            server.close();
        }
    }

    /** An upstream serving a signed root; {@code strip} removes every RRSIG from its replies. */
    private Upstream signedRoot(boolean strip) throws Exception {
        var root = new ValidatingSecureResolverTest.SignedRoot();
        DSRecord ds = new DSRecord(COM, DClass.IN, 3600, DNSSEC.Digest.SHA256, root.dnskey);
        server = new ScriptedDnsServer((q, i) -> {
            Message m;
            if (q.getQuestion().getType() == Type.DNSKEY) {
                m = strip ? answer(q, root.dnskey) : answer(q, root.dnskey, root.sign(root.dnskey));
            } else if (q.getQuestion().getType() == Type.DS) {
                m = strip ? answer(q, ds) : answer(q, ds, root.sign(ds));
            } else {
                m = response(q, 5);
            }
            return wire(m);
        });
        return server.upstream();
    }

    @Test
    void dnssecAwareUpstream_passes() throws Exception {
        var result = UpstreamCheck.probe(signedRoot(false), Name.root, Optional.of(COM), Duration.ofSeconds(1));

        assertThat(result).isInstanceOf(UpstreamCheck.Passes.class);
    }

    @Test
    void strippingUpstream_isNamed_withWhatIsMissing_andWhatToDo() throws Exception {
        Upstream up = signedRoot(true);

        var result = UpstreamCheck.probe(up, Name.root, Optional.of(COM), Duration.ofSeconds(1));

        assertThat(result).isInstanceOfSatisfying(UpstreamCheck.StripsDnssec.class, s -> {
            assertThat(s.missing()).containsExactly("RRSIG on . DNSKEY", "RRSIG on com. DS");
            assertThat(s.message()).contains(up.toString()).contains("strips DNSSEC")
                    .contains("run unbound locally, or name a DNSSEC-aware resolver with --resolver");
        });
    }

    @Test
    void silentUpstream_isUnreachable() throws Exception {
        server = new ScriptedDnsServer((q, i) -> List.of());

        var result = UpstreamCheck.probe(server.upstream(), Name.root, Optional.empty(), Duration.ofMillis(200));

        assertThat(result).isInstanceOf(UpstreamCheck.Unreachable.class);
        assertThat(result.message()).contains(server.upstream().toString());
    }
}
