package io.mxguard.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Name;
import org.xbill.DNS.Type;
import org.xbill.DNS.dnssec.ValidatingResolver;

class TrustAnchorsTest {

    @TempDir
    Path dir;

    private Path file(String name, String text) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    @Test
    void builtIn_isTheTwoIanaRootDs() {
        TrustAnchors anchors = TrustAnchors.ianaRoot();

        assertThat(anchors.records()).hasSize(2).allSatisfy(r -> {
            assertThat(r.getType()).isEqualTo(Type.DS);
            assertThat(r.getName()).isEqualTo(Name.root);
        });
        assertThat(anchors.records()).extracting(r -> r.rdataToString().split(" ")[0]).containsExactly("20326", "38696");
    }

    @Test
    void unboundStyleFile_withCommentsDirectivesParenthesesAndSeveralOwners_loads() throws Exception {
        Path p = file("anchors.txt", String.join("\n",
                "; lab anchors",
                "$TTL 3600",
                "$ORIGIN lab.",
                "@ IN DS 12345 13 2 ( 0123456789ABCDEF0123456789ABCDEF",
                "                     0123456789ABCDEF0123456789ABCDEF ) ; KSK",
                "   IN DS 23456 13 2 0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF",
                "other.example. 60 IN DNSKEY 257 3 13 ( mdsswUyr3DPW132mOi8V9xESWE8jTo0dxCjjnopKl+GqJxpVXckHAeF+",
                "   KkxLbxILfDLUT0rAK9iUzy1L53eKGQ== )",
                ""));

        TrustAnchors anchors = TrustAnchors.load(p);

        assertThat(anchors.records()).hasSize(3);
        assertThat(anchors.owners()).containsExactlyInAnyOrder(Name.fromConstantString("lab."), Name.fromConstantString("other.example."));
        assertThat(anchors.records().get(1).getName()).isEqualTo(Name.fromConstantString("lab."));
        assertThat(anchors.records().get(0).getTTL()).isEqualTo(3600);
    }

    @Test
    void installedAnchors_replaceWhateverDnsjavaLoaded() throws Exception {
        ValidatingResolver v = new ValidatingResolver(new org.xbill.DNS.SimpleResolver("127.0.0.1"));
        TrustAnchors.ianaRoot().installInto(v.getTrustAnchors());

        assertThat(v.getTrustAnchors().items()).hasSize(1);
        assertThat(v.getTrustAnchors().find(Name.root, 1).size()).isEqualTo(2);
    }

    @Test
    void wrongRecordType_isErrorWithFileAndLine() throws Exception {
        Path p = file("anchors.txt", ". IN DS 20326 8 2 E06D44B80B8F1D39A95C0B0D7C65D08458E880409BBC683457104237C7F8EC8D\n"
                + "; comment\n"
                + "example. IN A 192.0.2.1\n");

        assertThatThrownBy(() -> TrustAnchors.load(p))
                .isInstanceOf(TrustAnchorException.class)
                .hasMessage(p + ":3: expected DS or DNSKEY record, found A")
                .satisfies(e -> assertThat(((TrustAnchorException) e).line()).isEqualTo(3));
    }

    @Test
    void emptyFile_isError() throws Exception {
        Path p = file("empty.txt", "; nothing here\n\n");

        assertThatThrownBy(() -> TrustAnchors.load(p)).isInstanceOf(TrustAnchorException.class)
                .hasMessageContaining("empty.txt").hasMessageContaining("no DS or DNSKEY");
    }

    @Test
    void unreadableFile_isError() {
        Path p = dir.resolve("missing.txt");

        assertThatThrownBy(() -> TrustAnchors.load(p)).isInstanceOf(TrustAnchorException.class)
                .hasMessageStartingWith(p + ": cannot read file");
    }

    @Test
    void garbage_isErrorWithLine() throws Exception {
        Path p = file("garbage.txt", "$TTL 60\n\n. IN DS not-a-key-tag 8 2 ABCD\n");

        assertThatThrownBy(() -> TrustAnchors.load(p)).isInstanceOf(TrustAnchorException.class)
                .hasMessageStartingWith(p + ":3: cannot parse record");
    }

    @Test
    void binaryFile_isError() throws Exception {
        Path p = dir.resolve("bin");
        Files.write(p, new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1, 2});

        assertThatThrownBy(() -> TrustAnchors.load(p)).isInstanceOf(TrustAnchorException.class)
                .hasMessageContaining("bin");
    }

    @Test
    void unclosedParenthesis_isErrorAtItsLine() throws Exception {
        Path p = file("open.txt", "; x\n. IN DS 20326 8 2 ( E06D44B8\n");

        assertThatThrownBy(() -> TrustAnchors.load(p)).hasMessage(p + ":2: '(' is never closed");
    }

    @Test
    void includeDirective_isRefused() throws Exception {
        Path p = file("inc.txt", "$INCLUDE /etc/passwd\n");

        assertThatThrownBy(() -> TrustAnchors.load(p)).hasMessageStartingWith(p + ":1: unsupported directive");
    }
}
