package io.mxguard.relay;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.mxguard.delivery.DeliveryOptions;
import io.mxguard.dns.TrustAnchors;
import io.mxguard.dns.Upstream;
import io.mxguard.dns.UpstreamSpecException;
import io.mxguard.policy.LocalPolicy;
import io.mxguard.policy.PolicyTable;
import io.mxguard.policy.TlsLevel;
import io.mxguard.queue.QueueConfig;
import io.mxguard.report.DeliveryLog;
import io.mxguard.smtp.server.ClientNetwork;
import io.mxguard.smtp.server.ServerConfig;
import io.mxguard.smtp.server.TlsIdentity;
import io.mxguard.smtp.server.auth.UsersFile;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * RelayConfigLoader - reads the relay's YAML file, lays the quick-start flags over it, checks
 * every value, and returns a {@link RelayConfig}, or the first problem as a {@link ConfigException}
 * that names the file, the line, the key and what is expected. Nothing is started, created or
 * contacted here, so {@code --check-config} is safe.
 *
 * <p>Relative paths in the file are relative to the file's directory; in flags, to the working directory.
 * Where each value came from, and so how its errors read, is {@link ConfigSource}'s; the files the
 * configuration names are read by {@link RelayFiles}; Jackson's own errors are worded by {@link BindingErrors}.
 */
public final class RelayConfigLoader {
    private static final long MAX_FILE = 1024 * 1024;

    private final ConfigSource source;
    private final RelayFiles files;
    /** One line per section, added by each step of {@link #check}. */
    private final List<String> summary = new ArrayList<>();

    private RelayConfigLoader(ConfigSource source) {
        this.source = source;
        this.files = new RelayFiles(source);
    }

    /** Overrides - the quick-start flags; null means "not given". */
    public record Overrides(List<String> listen, String queueDir, List<String> allowNetworks, List<String> resolvers,
                            String trustAnchor, Integer port, String level, String logFormat) {
        public static Overrides none() {
            return new Overrides(null, null, null, null, null, null, null, null);
        }
    }

    /** load - the file (if any) with the flags over it, checked. */
    public static RelayConfig load(Optional<Path> file, Overrides overrides) throws ConfigException {
        YAMLFactory factory = new YAMLFactory();
        RelaySettings raw = new RelaySettings();
        RelayConfigLoader loader;
        if (file.isPresent()) {
            Path path = file.get();
            String text = read(path);
            try {
                loader = new RelayConfigLoader(new ConfigSource(path.toString(), path.toAbsolutePath().getParent(),
                        KeyLines.of(factory, text)));
                RelaySettings bound = mapper(factory).readValue(text, RelaySettings.class);
                raw = bound == null ? raw : bound;
            } catch (JsonProcessingException e) {
                throw new ConfigException(ConfigException.DATA_ERROR, BindingErrors.describe(path.toString(), e));
            } catch (IOException e) {
                throw new ConfigException(ConfigException.NO_INPUT, path + ": " + e.getMessage());
            }
        } else {
            try {
                loader = new RelayConfigLoader(new ConfigSource("(no --config)", Path.of(""), KeyLines.of(factory, "")));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
        raw.fillSections();
        loader.overlay(raw, overrides);
        return loader.check(raw);
    }

    private static YAMLMapper mapper(YAMLFactory factory) {
        YAMLMapper m = new YAMLMapper(factory);
        m.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        m.disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
        m.enable(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY);
        m.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        m.enable(com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        return m;
    }

    private static String read(Path path) throws ConfigException {
        try {
            if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
                throw new ConfigException(ConfigException.NO_INPUT, path + ": no such readable file");
            }
            if (Files.size(path) > MAX_FILE) {
                throw new ConfigException(ConfigException.DATA_ERROR, path + ": larger than 1 MiB; not a configuration file");
            }
            return Files.readString(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException(ConfigException.NO_INPUT, path + ": " + e.getMessage());
        }
    }

    /** overlay - each flag that was given replaces its key's value, and errors about that key name the flag. */
    private void overlay(RelaySettings raw, Overrides o) {
        override("listen", "--listen", o.listen(), v -> raw.listen = v);
        override("queue.directory", "--queue-dir", o.queueDir(), v -> raw.queue.directory = v);
        override("clients.networks", "--allow-network", o.allowNetworks(), v -> raw.clients.networks = v);
        override("dns.resolvers", "--resolver", o.resolvers(), v -> raw.dns.resolvers = v);
        override("dns.trustAnchor", "--trust-anchor", o.trustAnchor(), v -> raw.dns.trustAnchor = v);
        override("delivery.port", "--port", o.port(), v -> raw.delivery.port = v);
        override("delivery.level", "--level", o.level(), v -> raw.delivery.level = v);
        override("log.format", "--log-format", o.logFormat(), v -> raw.log.format = v);
    }

    // A repeatable flag given no times arrives as an empty list: not given.
    private <T> void override(String key, String flag, T value, Consumer<T> set) {
        if (value != null && !(value instanceof List<?> list && list.isEmpty())) {
            set.accept(value);
            source.flag(key, flag);
        }
    }

    /** Listener - the addresses the relay listens on and the name it gives itself there. */
    private record Listener(List<InetSocketAddress> addresses, String hostname) {
    }

    /** ClientAccess - who may relay: clients in these networks, and users who AUTH over TLS. */
    private record ClientAccess(List<String> networks, Optional<UsersFile> users) {
    }

    /** Outbound - how mail leaves: the local policy and the options of each delivery. */
    private record Outbound(LocalPolicy policy, DeliveryOptions options) {
    }

    /** Resolution - the validating resolver's upstreams and trust anchors. */
    private record Resolution(List<Upstream> upstreams, TrustAnchors anchors) {
    }

    /** Spooling - where the queue lives, and how many deliveries run at once (in all, and per destination). */
    private record Spooling(Path directory, int concurrency, int perDestination) {
    }

    /** SessionLimits - the bounds on what clients may send. */
    private record SessionLimits(long messageSize, long messageMemory, int sessions, int perClient, int recipients) {
    }

    /** check - every section in turn, each adding its line to the summary; the first bad value is the error. */
    private RelayConfig check(RelaySettings raw) throws ConfigException {
        // The order of the steps is the order in which errors are found and reported: keep it.
        Listener listener = listener(raw.listen, raw.hostname);
        Optional<TlsIdentity> tls = tls(raw.tls);
        ClientAccess clients = clients(raw.clients, tls.isPresent());
        Spooling queue = queue(raw.queue);
        Outbound delivery = delivery(raw.delivery, listener.hostname());
        Resolution dns = dns(raw.dns);
        QueueConfig retry = retry(raw.retry, queue, listener.hostname());
        SessionLimits limits = limits(raw.limits);
        DeliveryLog.Format log = log(raw.log);
        return new RelayConfig(listener.addresses(), listener.hostname(), tls, clients.networks(), clients.users(),
                queue.directory(), delivery.policy(), delivery.options(), dns.upstreams(), dns.anchors(), retry,
                limits.messageSize(), limits.messageMemory(), limits.sessions(), limits.perClient(), limits.recipients(),
                log, summary);
    }

    /** listener - listen (default 127.0.0.1:2525) and hostname (default this host's canonical name). */
    private Listener listener(List<String> addresses, String name) throws ConfigException {
        List<InetSocketAddress> listen = new ArrayList<>();
        for (String s : listOr(addresses, List.of("127.0.0.1:2525"))) {
            listen.add(parse("listen", addresses == null ? -1 : listen.size(), s, ConfigValues::listen));
        }
        String hostname = name == null ? localHostName() : name.strip();
        if (!hostname.matches("[A-Za-z0-9]([A-Za-z0-9.-]{0,251}[A-Za-z0-9])?")) {
            throw source.error("hostname", "'" + hostname + "' is not a host name");
        }
        summary.add("listen: " + listen.stream().map(RelayConfigLoader::hostPort).toList() + " as " + hostname);
        return new Listener(listen, hostname);
    }

    /** tls - the STARTTLS identity, if tls.certificate and tls.key are set. */
    private Optional<TlsIdentity> tls(RelaySettings.Tls tls) throws ConfigException {
        Optional<TlsIdentity> identity = files.tlsIdentity(tls);
        summary.add("tls: " + identity.map(i -> "STARTTLS offered, certificate " + i.chain().get(0).getSubjectX500Principal()
                .getName()).orElse("no STARTTLS (tls.certificate and tls.key not set)"));
        return identity;
    }

    /** clients - clients.networks (default 127.0.0.1/32), then clients.users, which needs {@code tls}. */
    private ClientAccess clients(RelaySettings.Clients clients, boolean tls) throws ConfigException {
        List<String> networks = new ArrayList<>();
        for (String s : listOr(clients.networks, List.of("127.0.0.1/32"))) {
            int index = networks.size();
            networks.add(parse("clients.networks", clients.networks == null ? -1 : index, s, c -> {
                ClientNetwork.parse(c);
                return c.strip();
            }));
        }
        summary.add("clients allowed to relay: " + networks);
        Optional<UsersFile> users = files.users(clients.users, tls);
        users.ifPresent(u -> summary.add("clients.users: " + u.users().size() + " user(s) from " + u.source()
                + " may relay after AUTH over TLS"));
        return new ClientAccess(networks, users);
    }

    /**
     * queue - queue.directory (required; need not exist yet, but must not be a file), then how many deliveries run
     * at once: queue.concurrency (default 4) and queue.perDestination (default 2, at most the concurrency).
     */
    private Spooling queue(RelaySettings.Queue queue) throws ConfigException {
        if (queue.directory == null || queue.directory.isBlank()) {
            throw source.error("queue.directory", "is required: where the relay keeps its queue (or give --queue-dir)");
        }
        Path queueDir = source.path("queue.directory", queue.directory);
        if (Files.exists(queueDir) && !Files.isDirectory(queueDir)) {
            throw source.error("queue.directory", "'" + queueDir + "' exists and is not a directory");
        }
        QueueConfig defaults = QueueConfig.defaults("localhost");
        int concurrency = positive("queue.concurrency", queue.concurrency, defaults.threads());
        int perDestination = positive("queue.perDestination", queue.perDestination,
                Math.min(defaults.perDestination(), concurrency));
        if (perDestination > concurrency) {
            throw source.error("queue.perDestination", perDestination + " is more than queue.concurrency (" + concurrency
                    + "): no more deliveries than that run at once");
        }
        summary.add("queue: " + queueDir + ", " + concurrency + " deliveries at once, " + perDestination
                + " per destination");
        return new Spooling(queueDir, concurrency, perDestination);
    }

    /** delivery - level, minimum, policyFile, port, helo (default the hostname) and caFile, in that order. */
    private Outbound delivery(RelaySettings.Delivery delivery, String hostname) throws ConfigException {
        TlsLevel level = level("delivery.level", delivery.level, "dane");
        TlsLevel minimum = level("delivery.minimum", delivery.minimum, "none");
        PolicyTable table = files.policyTable(delivery.policyFile);
        int port = delivery.port == null ? 25 : delivery.port;
        if (port < 1 || port > 65535) {
            throw source.error("delivery.port", "must be 1-65535, not " + port);
        }
        String helo = delivery.helo == null ? hostname : delivery.helo.strip();
        if (!helo.matches("[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?|\\[[0-9a-fA-F.:]+\\]")) {
            throw source.error("delivery.helo", "'" + helo + "' is not a host name or an address literal");
        }
        List<X509Certificate> roots = files.caFile(delivery.caFile);
        DeliveryOptions options = DeliveryOptions.defaults(helo).withPort(port).withPkixRoots(roots);
        summary.add("delivery: level " + level + ", minimum " + minimum + ", port " + port + ", helo " + helo
                + (delivery.policyFile == null ? "" : ", policy file " + delivery.policyFile)
                + (roots.isEmpty() ? ", PKIX roots: the JDK's" : ", PKIX roots: " + roots.size() + " from " + delivery.caFile));
        return new Outbound(new LocalPolicy(level, minimum, table), options);
    }

    /** dns - resolvers (default those of /etc/resolv.conf), then trustAnchor (default IANA's root anchors). */
    private Resolution dns(RelaySettings.Dns dns) throws ConfigException {
        List<Upstream> upstreams = new ArrayList<>();
        if (dns.resolvers == null || dns.resolvers.isEmpty()) {
            upstreams.addAll(Upstream.system());
            if (upstreams.isEmpty()) {
                throw source.error("dns.resolvers", "none given, and /etc/resolv.conf names no nameserver");
            }
        } else {
            for (String s : dns.resolvers) {
                int index = upstreams.size();
                try {
                    upstreams.add(Upstream.parse(s));
                } catch (UpstreamSpecException e) {
                    throw source.error("dns.resolvers", index, "'" + s + "': " + e.getMessage());
                }
            }
        }
        TrustAnchors anchors = files.trustAnchors(dns.trustAnchor);
        summary.add("dns: resolvers " + upstreams + ", trust anchors " + anchors.source());
        return new Resolution(upstreams, anchors);
    }

    /** retry - the queue's backoff, lifetime and delay notice; maxBackoff must not be below minBackoff. */
    private QueueConfig retry(RelaySettings.Retry retry, Spooling queue, String hostname) throws ConfigException {
        Duration minBackoff = duration("retry.minBackoff", retry.minBackoff, "5m");
        Duration maxBackoff = duration("retry.maxBackoff", retry.maxBackoff, "4h");
        Duration maxLifetime = duration("retry.maxLifetime", retry.maxLifetime, "5d");
        Duration delayWarning = duration("retry.delayWarning", retry.delayWarning, "4h");
        if (maxBackoff.compareTo(minBackoff) < 0) {
            throw source.error(retry.maxBackoff != null ? "retry.maxBackoff" : "retry.minBackoff",
                    "retry.maxBackoff (" + maxBackoff + ") must not be shorter than retry.minBackoff (" + minBackoff + ")");
        }
        summary.add("retry: every " + text(minBackoff) + " doubling to " + text(maxBackoff) + ", give up after "
                + text(maxLifetime) + ", delay notice after " + text(delayWarning));
        return new QueueConfig(minBackoff, maxBackoff, maxLifetime, delayWarning, queue.perDestination(),
                queue.concurrency(), hostname);
    }

    /** limits - message size, sessions (in all and per client) and recipients; defaults are the server's. */
    private SessionLimits limits(RelaySettings.Limits limits) throws ConfigException {
        ServerConfig serverDefaults = ServerConfig.defaults();
        long messageSize = limits.messageSize == null ? serverDefaults.maxMessageSize()
                : parse("limits.messageSize", -1, limits.messageSize, ConfigValues::size);
        // Default: a quarter of the heap, but never less than one message of the largest size.
        long messageMemory = limits.messageMemory == null ? Math.max(serverDefaults.messageMemory(), messageSize)
                : parse("limits.messageMemory", -1, limits.messageMemory, ConfigValues::size);
        if (messageMemory < messageSize) {
            throw source.error("limits.messageMemory", messageMemory + " octets is less than limits.messageSize ("
                    + messageSize + "): a message of the largest size could never be received");
        }
        int sessions = positive("limits.sessions", limits.sessions, serverDefaults.maxSessions());
        int perClient = positive("limits.perClient", limits.perClient, serverDefaults.maxSessionsPerClient());
        int recipients = positive("limits.recipients", limits.recipients, serverDefaults.maxRecipients());
        summary.add("limits: message size " + messageSize + " octets (" + messageMemory + " in memory at once), "
                + sessions + " sessions (" + perClient + " per client), " + recipients + " recipients per message");
        return new SessionLimits(messageSize, messageMemory, sessions, perClient, recipients);
    }

    /** log - the delivery log's format: text (default) or json. */
    private DeliveryLog.Format log(RelaySettings.Log log) throws ConfigException {
        String format = log.format == null ? "text" : log.format;
        DeliveryLog.Format logFormat = DeliveryLog.Format.parse(format)
                .orElseThrow(() -> source.error("log.format", "'" + format + "' is not a log format (text or json)"));
        summary.add("log: " + logFormat.name().toLowerCase(java.util.Locale.ROOT));
        return logFormat;
    }

    private TlsLevel level(String key, String text, String def) throws ConfigException {
        String t = text == null ? def : text;
        return TlsLevel.parse(t).orElseThrow(() -> source.error(key,
                "'" + t + "' is not a level (none, may, encrypt, dane, dane-only, verify, secure)"));
    }

    private Duration duration(String key, String text, String def) throws ConfigException {
        return parse(key, -1, text == null ? def : text, ConfigValues::duration);
    }

    private int positive(String key, Integer value, int def) throws ConfigException {
        if (value == null) {
            return def;
        }
        if (value < 1) {
            throw source.error(key, "must be at least 1, not " + value);
        }
        return value;
    }

    private <T> T parse(String key, int index, String text, Function<String, T> parser) throws ConfigException {
        try {
            return parser.apply(text);
        } catch (IllegalArgumentException e) {
            throw source.error(key, index, e.getMessage());
        }
    }

    private static List<String> listOr(List<String> list, List<String> def) {
        return list == null || list.isEmpty() ? def : list;
    }

    private static String hostPort(InetSocketAddress a) {
        String host = a.getAddress().getHostAddress();
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + a.getPort();
    }

    private static String text(Duration d) {
        return d.toString().substring(2).toLowerCase(java.util.Locale.ROOT).replace("pt", "");
    }

    private static String localHostName() {
        try {
            String name = InetAddress.getLocalHost().getCanonicalHostName();
            return name.contains(".") && name.matches("[A-Za-z0-9.-]+") ? name : "localhost";
        } catch (IOException e) {
            return "localhost";
        }
    }
}
