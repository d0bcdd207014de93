package io.mxguard.lab.dns;

import static org.assertj.core.api.Assertions.assertThat;

import io.mxguard.interop.Peer;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Interop: BIND's delv (Debian package bind9-dnsutils) loads our trust-anchors file. */
class DelvAnchorInteropTest {
    @Test
    void delv_loadsOurBindTrustAnchorFile(@TempDir Path dir) throws Exception {
        Path delv = Peer.require("delv", "bind9-dnsutils");
        TrustAnchor anchor = TrustAnchor.of(ZoneKeys.kskZsk(LabZones.ROOT, KeyAlgorithm.ECDSAP256SHA256));
        Path file = dir.resolve("anchors.conf");
        anchor.writeBind(file);
        // Nothing listens on 127.0.0.1:1, so delv gets as far as querying only if it parsed the anchor.
        LdnsInteropTest.Result result = LdnsInteropTest.run(delv.toString(), "@127.0.0.1", "-p", "1", "-a",
                file.toString(), "+root", ".", "SOA");
        assertThat(result.output()).as(result.output()).doesNotContain("Unable to load keys")
                .doesNotContain("unexpected").contains("resolving './SOA/IN'");
    }
}
