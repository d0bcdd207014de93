package io.mxguard.relay;

import io.mxguard.delivery.DeliveryOptions;
import io.mxguard.dns.TrustAnchors;
import io.mxguard.dns.Upstream;
import io.mxguard.policy.LocalPolicy;
import io.mxguard.queue.QueueConfig;
import io.mxguard.report.DeliveryLog;
import io.mxguard.smtp.server.ServerConfig;
import io.mxguard.smtp.server.TlsIdentity;
import io.mxguard.smtp.server.auth.UsersFile;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * RelayConfig - the relay's configuration after every check: files read, levels, networks,
 * durations and addresses parsed. Made by {@link RelayConfigLoader}; nothing in it can fail later.
 *
 * @param summary one line per section, for {@code --check-config} and the start-up log
 */
public record RelayConfig(List<InetSocketAddress> listen, String hostname, Optional<TlsIdentity> tls,
                          List<String> clientNetworks, Optional<UsersFile> users, Path queueDirectory, LocalPolicy policy, DeliveryOptions delivery,
                          List<Upstream> resolvers, TrustAnchors anchors, QueueConfig queue, long messageSize,
                          long messageMemory, int sessions, int perClient, int recipients, DeliveryLog.Format logFormat, List<String> summary) {

    public RelayConfig {
        listen = List.copyOf(listen);
        clientNetworks = List.copyOf(clientNetworks);
        resolvers = List.copyOf(resolvers);
        summary = List.copyOf(summary);
    }

    /** server - the SMTP server's configuration. */
    public ServerConfig server() {
        ServerConfig c = ServerConfig.defaults().withListen(listen).withHostname(hostname)
                .withMaxMessageSize(messageSize).withMessageMemory(messageMemory).withMaxRecipients(recipients)
                .withSessionLimits(sessions, perClient)
                .withRelayNetworks(clientNetworks.toArray(String[]::new));
        c = users.map(c::withUsers).orElse(c);
        return tls.map(c::withTls).orElse(c);
    }
}
