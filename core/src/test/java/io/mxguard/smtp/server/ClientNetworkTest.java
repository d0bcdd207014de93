package io.mxguard.smtp.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ClientNetworkTest {

    @ParameterizedTest(name = "{0} contains {1}: {2}")
    @CsvSource({
        "10.0.0.0/8, 10.255.1.2, true",
        "10.0.0.0/8, 11.0.0.1, false",
        "10.0.0.0/8, 127.0.0.1, false",
        "192.168.1.128/25, 192.168.1.200, true",
        "192.168.1.128/25, 192.168.1.127, false",
        "127.0.0.1, 127.0.0.1, true",
        "127.0.0.1, 127.0.0.2, false",
        "0.0.0.0/0, 8.8.8.8, true",
        "::1/128, ::1, true",
        "2001:db8::/32, 2001:db8:ffff::1, true",
        "2001:db8::/32, 2001:db9::1, false",
        "0.0.0.0/0, ::1, false",
        "::/0, 127.0.0.1, false",
    })
    void contains(String cidr, String client, boolean expected) throws Exception {
        assertThat(ClientNetwork.parse(cidr).contains(InetAddress.getByName(client))).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"localhost", "10.0.0.0/33", "10.0.0.0/x", "example.com/8", "''", "::1/129"})
    void parse_refusesWhatIsNotAnIpNetwork(String text) {
        assertThatThrownBy(() -> ClientNetwork.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(text.isEmpty() ? "" : text.split("/")[0]);
    }

    @ParameterizedTest
    @CsvSource({"192.168.1/24", "10.1/8", "127.1", "256.0.0.0/8", "010.0.0.0/8", "10.0.0.0.0/8"})
    void parse_refusesIpv4ShorthandsThatJavaWouldReadAsAnotherAddress(String text) {
        // Java reads 192.168.1 as 192.168.0.1: the network would silently not be the one meant.
        assertThatThrownBy(() -> ClientNetwork.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("an IPv4 address has four parts");
    }

    @Test
    void parse_refusesHostBits_andNamesTheNetworkMeant() {
        assertThatThrownBy(() -> ClientNetwork.parse("10.1.2.3/8")).hasMessage(
                "bad network '10.1.2.3/8': host bits are set (did you mean 10.0.0.0/8?)");
        assertThatThrownBy(() -> ClientNetwork.parse("192.168.1.130/25")).hasMessageEndingWith(
                "(did you mean 192.168.1.128/25?)");
        assertThatThrownBy(() -> ClientNetwork.parse("2001:db8::1/32")).hasMessageEndingWith(
                "(did you mean 2001:db8:0:0:0:0:0:0/32?)");
    }

    @Test
    void toString_isCidr() {
        assertThat(ClientNetwork.parse("10.0.0.0/8")).hasToString("10.0.0.0/8");
        assertThat(ClientNetwork.parse("127.0.0.1")).hasToString("127.0.0.1/32");
    }
}
