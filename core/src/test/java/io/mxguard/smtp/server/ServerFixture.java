package io.mxguard.smtp.server;

import io.mxguard.pki.CertificateSpec;
import io.mxguard.pki.Certificates;
import io.mxguard.queue.MessageStore;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** ServerFixture - a server on a free loopback port with a fresh self-signed identity; closes with the test. */
final class ServerFixture implements AutoCloseable {
    static final Certificates.Issued IDENTITY = Certificates.issue(CertificateSpec.server(
            Instant.now().minus(Duration.ofDays(1)), Instant.now().plus(Duration.ofDays(30)), "relay.test"), null);

    final MemoryStore store;
    final SmtpServer server;

    private ServerFixture(ServerConfig config, MemoryStore store) throws IOException {
        this.store = store;
        this.server = new SmtpServer(config, store).start();
    }

    /** config - loopback port 0, hostname relay.test, STARTTLS identity, 5 s reads. */
    static ServerConfig config() {
        return ServerConfig.defaults()
                .withListen(List.of(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)))
                .withHostname("relay.test")
                .withTls(TlsIdentity.of(IDENTITY))
                .withReadTimeout(Duration.ofSeconds(5))
                .withShutdownGrace(Duration.ofSeconds(2));
    }

    static ServerFixture start(ServerConfig config) throws IOException {
        return new ServerFixture(config, new MemoryStore());
    }

    static ServerFixture start(ServerConfig config, MemoryStore store) throws IOException {
        return new ServerFixture(config, store);
    }

    InetSocketAddress address() {
        return server.addresses().get(0);
    }

    RawClient raw() throws IOException {
        return new RawClient(address());
    }

    @Override
    public void close() {
        server.close();
    }

    MessageStore messageStore() {
        return store;
    }
}
