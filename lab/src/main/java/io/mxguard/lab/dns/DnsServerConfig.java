package io.mxguard.lab.dns;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;

/**
 * DnsServerConfig - where and how a lab DNS server listens, and the bounds it keeps.
 *
 * @param bind address to listen on, UDP and TCP on the same port; port 0 picks a free one.
 *     Must be a loopback address: the lab never listens elsewhere.
 * @param udpPayloadSize the EDNS UDP payload size we advertise and the largest UDP reply we send
 * @param workers threads answering UDP queries
 * @param maxTcpConnections concurrent TCP connections; more are closed at accept
 * @param tcpIdleTimeout a TCP connection with no complete query for this long is closed
 * @param maxQuerySize queries longer than this are refused (FORMERR over UDP, close over TCP)
 */
public record DnsServerConfig(
        InetSocketAddress bind,
        int udpPayloadSize,
        int workers,
        int maxTcpConnections,
        Duration tcpIdleTimeout,
        int maxQuerySize) {

    /** RFC 9715 / DNS flag day 2020: 1232 avoids IP fragmentation on any path. */
    public static final int DEFAULT_UDP_PAYLOAD = 1232;

    public DnsServerConfig {
        Objects.requireNonNull(bind, "bind");
        Objects.requireNonNull(tcpIdleTimeout, "tcpIdleTimeout");
        if (!bind.getAddress().isLoopbackAddress()) {
            throw new IllegalArgumentException("lab DNS servers listen on loopback only, not " + bind);
        }
        if (udpPayloadSize < 512 || udpPayloadSize > 65535) {
            throw new IllegalArgumentException("udpPayloadSize out of range: " + udpPayloadSize);
        }
        if (workers < 1 || maxTcpConnections < 1 || maxQuerySize < 512) {
            throw new IllegalArgumentException("workers, maxTcpConnections >= 1 and maxQuerySize >= 512");
        }
    }

    /** loopback - defaults on 127.0.0.1, a free port. */
    public static DnsServerConfig loopback() {
        return on(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    }

    /** on - defaults on the given loopback address and port (0 = pick one). */
    public static DnsServerConfig on(InetSocketAddress bind) {
        return new DnsServerConfig(bind, DEFAULT_UDP_PAYLOAD, 4, 16, Duration.ofSeconds(10), 4096);
    }

    public DnsServerConfig withTcpIdleTimeout(Duration timeout) {
        return new DnsServerConfig(bind, udpPayloadSize, workers, maxTcpConnections, timeout, maxQuerySize);
    }

    public DnsServerConfig withMaxTcpConnections(int max) {
        return new DnsServerConfig(bind, udpPayloadSize, workers, max, tcpIdleTimeout, maxQuerySize);
    }
}
