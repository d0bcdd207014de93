package io.mxguard.relay;

import java.util.List;

/**
 * RelaySettings - the relay's YAML file exactly as written, before any checking: every field is
 * null when the key is absent. Jackson binds it (unknown keys are errors); {@link RelayConfigLoader}
 * turns it into a checked {@link RelayConfig}. The field names are the configuration keys.
 */
final class RelaySettings {
    public List<String> listen;
    public String hostname;
    public Tls tls;
    public Clients clients;
    public Queue queue;
    public Delivery delivery;
    public Dns dns;
    public Retry retry;
    public Limits limits;
    public Log log;

    /** fillSections - every absent section becomes an empty one, so readers meet null only for an absent key. */
    void fillSections() {
        tls = tls == null ? new Tls() : tls;
        clients = clients == null ? new Clients() : clients;
        queue = queue == null ? new Queue() : queue;
        delivery = delivery == null ? new Delivery() : delivery;
        dns = dns == null ? new Dns() : dns;
        retry = retry == null ? new Retry() : retry;
        limits = limits == null ? new Limits() : limits;
        log = log == null ? new Log() : log;
    }

    static final class Tls {
        public String certificate;
        public String key;
    }

    static final class Clients {
        public List<String> networks;
        public String users;
    }

    static final class Queue {
        public String directory;
        public Integer concurrency;
        public Integer perDestination;
    }

    static final class Delivery {
        public String level;
        public String minimum;
        public String policyFile;
        public Integer port;
        public String helo;
        public String caFile;
    }

    static final class Dns {
        public List<String> resolvers;
        public String trustAnchor;
    }

    static final class Retry {
        public String minBackoff;
        public String maxBackoff;
        public String maxLifetime;
        public String delayWarning;
    }

    static final class Limits {
        public String messageSize;
        public String messageMemory;
        public Integer sessions;
        public Integer perClient;
        public Integer recipients;
    }

    static final class Log {
        public String format;
    }
}
