package io.mxguard.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UpstreamTest {

    @ParameterizedTest(name = "{0} -> {1} port {2}")
    @CsvSource({
        "127.0.0.1, 127.0.0.1, 53",
        "127.0.0.53:5353, 127.0.0.53, 5353",
        "[::1], ::1, 53",
        "[::1]:5300, ::1, 5300",
        "::1, ::1, 53",
        "2001:db8::53, 2001:db8::53, 53",
        "dns.example, dns.example, 53",
        "Resolver.Lab.:8053, resolver.lab., 8053",
        "' 10.0.0.1:65535 ', 10.0.0.1, 65535",
    })
    void goodSpec_parses(String spec, String host, int port) throws Exception {
        assertThat(Upstream.parse(spec)).isEqualTo(new Upstream(host, port));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', value = {
        "''| empty",
        "127.0.0.1:0| out of range",
        "127.0.0.1:65536| out of range",
        "127.0.0.1:| not a number",
        "127.0.0.1:abc| not a number",
        "[::1| without ']'",
        "[::1]x| after ']'",
        "[example.com]:53| not an IPv6 address",
        ":53| empty host",
        "300.1.1.1| not an IPv4 address",
        "bad_host!| neither an IP address nor a host name",
        "1::2::3| not an IPv6 address",
    })
    void badSpec_saysWhy(String spec, String why) {
        assertThatThrownBy(() -> Upstream.parse(spec))
                .isInstanceOf(UpstreamSpecException.class)
                .hasMessageContaining(why);
    }

    @ParameterizedTest
    @CsvSource({"[::1]:53, [::1]:53", "127.0.0.1, 127.0.0.1:53"})
    void printsAsItIsWritten(String spec, String printed) throws Exception {
        assertThat(Upstream.parse(spec).toString()).isEqualTo(printed);
    }
}
