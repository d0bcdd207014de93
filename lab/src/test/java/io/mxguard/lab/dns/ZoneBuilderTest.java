package io.mxguard.lab.dns;

import static io.mxguard.lab.dns.Signatures.name;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.NSECRecord;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Type;

class ZoneBuilderTest {
    static InetAddress ip(String s) throws Exception {
        return InetAddress.getByName(s);
    }

    @Test
    void relativeApexAndAbsoluteNames_resolveAgainstTheOrigin() throws Exception {
        Zone zone = ZoneBuilder.zone("example.test.").ns("ns1", ip("127.0.0.2")).mx(10, "mx")
                .a("mx", ip("127.0.0.3")).txt("@", "hello").cname("www.example.test.", "mx").build();
        assertThat(zone.nodes().keySet()).containsExactly(name("example.test."), name("mx.example.test."),
                name("ns1.example.test."), name("www.example.test."));
        assertThat(((MXRecord) zone.nodes().get(name("example.test.")).get(Type.MX).first()).getTarget())
                .isEqualTo(name("mx.example.test."));
    }

    @Test
    void missingSoa_isMadeFromTheFirstNs() throws Exception {
        SOARecord soa = ZoneBuilder.zone("example.test.").ns("ns1", ip("127.0.0.2")).build().soa();
        assertThat(soa.getHost()).isEqualTo(name("ns1.example.test."));
        assertThat(soa.getAdmin()).isEqualTo(name("hostmaster.example.test."));
        assertThat(soa.getMinimum()).isEqualTo(300);
    }

    @Test
    void delegation_makesACut_andNamesBelowItAreOccludedGlue() throws Exception {
        Zone zone = ZoneBuilder.zone("test.").ns("ns1", ip("127.0.0.2"))
                .delegate("child", "ns1.child", ip("127.0.0.4")).build();
        assertThat(zone.delegations()).containsExactly(name("child.test."));
        assertThat(zone.isOccluded(name("ns1.child.test."))).isTrue();
        assertThat(zone.isOccluded(name("child.test."))).isFalse();
        assertThat(zone.isAuthoritative(name("child.test."), Type.NS)).isFalse();
        assertThat(zone.isAuthoritative(name("child.test."), Type.DS)).isTrue();
        assertThat(zone.isAuthoritative(name("ns1.test."), Type.A)).isTrue();
    }

    @Test
    void cnameWithOtherData_isRefused() throws Exception {
        ZoneBuilder builder = ZoneBuilder.zone("example.test.").ns("ns1", ip("127.0.0.2"))
                .cname("www", "mx").a("www", ip("127.0.0.5"));
        assertThatThrownBy(builder::build).isInstanceOf(IllegalStateException.class).hasMessageContaining("CNAME");
    }

    @Test
    void zoneWithoutApexNs_recordsOutsideTheZone_andHandMadeDnssecRecords_areRefused() throws Exception {
        assertThatThrownBy(() -> ZoneBuilder.zone("example.test.").mx(10, "mx").build())
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> ZoneBuilder.zone("example.test.").a("mx.other.test.", ip("127.0.0.5")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ZoneBuilder.zone("example.test.").record(
                new NSECRecord(name("example.test."), DClass.IN, 300, name("example.test."), new int[] {Type.A})))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void build_isASnapshot_laterAdditionsDoNotChangeIt() throws Exception {
        ZoneBuilder builder = ZoneBuilder.zone("example.test.").ns("ns1", ip("127.0.0.2"));
        Zone before = builder.build();
        builder.a("late", ip("127.0.0.9"));
        assertThat(before.nodes()).doesNotContainKey(name("late.example.test."));
        assertThat(builder.build().nodes()).containsKey(name("late.example.test."));
    }
}
