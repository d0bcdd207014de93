package io.mxguard.smtp.server;

import io.mxguard.smtp.server.auth.UsersFile;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * ServerConfig - how the SMTP server listens and what it accepts. {@link #defaults()} listens on
 * 127.0.0.1:2525, relays for loopback clients only, and has no TLS identity (so no STARTTLS).
 *
 * @param listen               addresses to listen on (port 0 picks a free port; see {@link SmtpServer#addresses()})
 * @param hostname             our name in the greeting, EHLO reply and Received header
 * @param maxMessageSize       octets, as received before dot-unstuffing less the Received header (SIZE, RFC 1870)
 * @param maxRecipients        per transaction; more get 452 4.5.3 (RFC 5321 §4.5.3.1.8 asks for at least 100)
 * @param readTimeout          each read from the client; on expiry the session ends with 421 (RFC 5321 §4.5.3.2.7)
 * @param maxSessions          concurrent sessions in all; more get 421 4.7.0
 * @param maxSessionsPerClient concurrent sessions from one client address; more get 421 4.7.0
 * @param tls                  the STARTTLS identity; empty means STARTTLS is not offered
 * @param relayNetworks        clients allowed to relay; others get 554 5.7.1 at RCPT
 * @param shutdownGrace        how long {@link SmtpServer#close()} lets running transactions finish
 * @param clock                the time in Received headers
 * @param users                who may AUTH (offered only after STARTTLS) and then relay from anywhere;
 *                             empty means AUTH is not offered
 * @param authPause            how a failed AUTH waits before its 535 (a real sleep; tests record it instead)
 * @param messageMemory        octets of message text all sessions together may hold while receiving; a message
 *                             that finds it spent gets 452 4.3.1 (default: a quarter of the maximum heap)
 */
public record ServerConfig(List<InetSocketAddress> listen, String hostname, long maxMessageSize, int maxRecipients,
                           Duration readTimeout, int maxSessions, int maxSessionsPerClient, Optional<TlsIdentity> tls,
                           List<ClientNetwork> relayNetworks, Duration shutdownGrace, Clock clock,
                           Optional<UsersFile> users, Pause authPause, long messageMemory) {

    public ServerConfig {
        listen = List.copyOf(listen);
        if (listen.isEmpty()) {
            throw new IllegalArgumentException("the server needs at least one listen address");
        }
        Objects.requireNonNull(hostname, "hostname");
        if (!hostname.matches("[A-Za-z0-9]([A-Za-z0-9.-]{0,251}[A-Za-z0-9])?")) {
            throw new IllegalArgumentException("hostname must be a plain DNS name: '" + hostname + "'");
        }
        positive(maxMessageSize, "maxMessageSize");
        positive(maxRecipients, "maxRecipients");
        positive(maxSessions, "maxSessions");
        positive(maxSessionsPerClient, "maxSessionsPerClient");
        if (readTimeout.isNegative() || readTimeout.isZero()) {
            throw new IllegalArgumentException("readTimeout must be positive: an unbounded read is never allowed");
        }
        Objects.requireNonNull(tls, "tls");
        relayNetworks = List.copyOf(relayNetworks);
        Objects.requireNonNull(shutdownGrace, "shutdownGrace");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(users, "users");
        Objects.requireNonNull(authPause, "authPause");
        positive(messageMemory, "messageMemory");
    }

    /** Pause - waits; {@link #SLEEP} on the session's thread. Interrupted: returns at once, interrupt kept. */
    @FunctionalInterface
    public interface Pause {
        Pause SLEEP = d -> {
            try {
                Thread.sleep(d.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };

        void pause(Duration d);
    }

    /** defaults - 127.0.0.1:2525, 25 MiB, 100 recipients, 5-minute reads, 100 sessions (10 per client), loopback relays. */
    public static ServerConfig defaults() {
        return new ServerConfig(List.of(new InetSocketAddress(InetAddress.getLoopbackAddress(), 2525)), "localhost",
                25L * 1024 * 1024, 100, Duration.ofMinutes(5), 100, 10, Optional.empty(),
                List.of(ClientNetwork.parse("127.0.0.0/8"), ClientNetwork.parse("::1/128")), Duration.ofSeconds(30),
                Clock.systemUTC(), Optional.empty(), Pause.SLEEP, Math.max(1, Runtime.getRuntime().maxMemory() / 4));
    }

    public ServerConfig withListen(List<InetSocketAddress> l) {
        return new ServerConfig(l, hostname, maxMessageSize, maxRecipients, readTimeout, maxSessions,
                maxSessionsPerClient, tls, relayNetworks, shutdownGrace, clock, users, authPause, messageMemory);
    }

    public ServerConfig withHostname(String h) {
        return new ServerConfig(listen, h, maxMessageSize, maxRecipients, readTimeout, maxSessions,
                maxSessionsPerClient, tls, relayNetworks, shutdownGrace, clock, users, authPause, messageMemory);
    }

    public ServerConfig withMaxMessageSize(long size) {
        return new ServerConfig(listen, hostname, size, maxRecipients, readTimeout, maxSessions,
                maxSessionsPerClient, tls, relayNetworks, shutdownGrace, clock, users, authPause, messageMemory);
    }

    public ServerConfig withMaxRecipients(int n) {
        return new ServerConfig(listen, hostname, maxMessageSize, n, readTimeout, maxSessions,
                maxSessionsPerClient, tls, relayNetworks, shutdownGrace, clock, users, authPause, messageMemory);
    }

    public ServerConfig withReadTimeout(Duration d) {
        return new ServerConfig(listen, hostname, maxMessageSize, maxRecipients, d, maxSessions,
                maxSessionsPerClient, tls, relayNetworks, shutdownGrace, clock, users, authPause, messageMemory);
    }

    public ServerConfig withSessionLimits(int total, int perClient) {
        return new ServerConfig(listen, hostname, maxMessageSize, maxRecipients, readTimeout, total, perClient,
                tls, relayNetworks, shutdownGrace, clock, users, authPause, messageMemory);
    }

    public ServerConfig withTls(TlsIdentity identity) {
        return new ServerConfig(listen, hostname, maxMessageSize, maxRecipients, readTimeout, maxSessions,
                maxSessionsPerClient, Optional.of(identity), relayNetworks, shutdownGrace, clock, users, authPause, messageMemory);
    }

    /** withRelayNetworks - CIDR blocks such as {@code "10.0.0.0/8"}; an empty list lets nobody relay. */
    public ServerConfig withRelayNetworks(String... cidrs) {
        return new ServerConfig(listen, hostname, maxMessageSize, maxRecipients, readTimeout, maxSessions,
                maxSessionsPerClient, tls, List.of(cidrs).stream().map(ClientNetwork::parse).toList(),
                shutdownGrace, clock, users, authPause, messageMemory);
    }

    public ServerConfig withShutdownGrace(Duration d) {
        return new ServerConfig(listen, hostname, maxMessageSize, maxRecipients, readTimeout, maxSessions,
                maxSessionsPerClient, tls, relayNetworks, d, clock, users, authPause, messageMemory);
    }

    public ServerConfig withClock(Clock c) {
        return new ServerConfig(listen, hostname, maxMessageSize, maxRecipients, readTimeout, maxSessions,
                maxSessionsPerClient, tls, relayNetworks, shutdownGrace, c, users, authPause, messageMemory);
    }

    /** withUsers - offer AUTH PLAIN LOGIN over TLS to the users in {@code file}; they may relay from any network. */
    public ServerConfig withUsers(UsersFile file) {
        return new ServerConfig(listen, hostname, maxMessageSize, maxRecipients, readTimeout, maxSessions,
                maxSessionsPerClient, tls, relayNetworks, shutdownGrace, clock, Optional.of(file), authPause, messageMemory);
    }

    /** withAuthPause - how a failed AUTH waits (tests: record the pause instead of sleeping). */
    public ServerConfig withAuthPause(Pause p) {
        return new ServerConfig(listen, hostname, maxMessageSize, maxRecipients, readTimeout, maxSessions,
                maxSessionsPerClient, tls, relayNetworks, shutdownGrace, clock, users, p, messageMemory);
    }

    /** withMessageMemory - the octets of message text all sessions may hold at once while receiving. */
    public ServerConfig withMessageMemory(long octets) {
        return new ServerConfig(listen, hostname, maxMessageSize, maxRecipients, readTimeout, maxSessions,
                maxSessionsPerClient, tls, relayNetworks, shutdownGrace, clock, users, authPause, octets);
    }

    /** mayRelay - RFC 5321 §3.6.2 / §7.1: only clients in an allowed network may relay. */
    boolean mayRelay(InetAddress client) {
        return relayNetworks.stream().anyMatch(n -> n.contains(client));
    }

    private static void positive(long value, String name) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive: " + value);
        }
    }
}
