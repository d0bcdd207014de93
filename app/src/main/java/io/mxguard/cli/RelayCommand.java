package io.mxguard.cli;

import io.mxguard.relay.ConfigException;
import io.mxguard.relay.Relay;
import io.mxguard.relay.RelayConfig;
import io.mxguard.relay.RelayConfigLoader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * RelayCommand - run the relay: accept mail from local applications over SMTP, queue it durably,
 * deliver it under DANE / MTA-STS / local policy, retry, bounce, and log every attempt. Runs until
 * SIGTERM or SIGINT, then drains (bounded) and exits 0.
 */
@Command(name = "relay", mixinStandardHelpOptions = true,
        description = {"Run the relay: accept mail over SMTP, queue it, deliver it under DANE, MTA-STS and local policy.",
                "Configuration from a YAML file (--config); the flags below override it. One delivery log line per",
                "recipient per attempt on standard output; notices on standard error. SIGTERM: stop accepting,",
                "finish running sessions and deliveries (bounded), exit 0.",
                "Exit 0 stopped cleanly (or --check-config passed), 64 bad flag, 65 bad configuration value,",
                "66 unreadable file, 69 cannot listen or open the queue."},
        footer = {"", "Examples:",
                "  mxguard relay --config /etc/mxguard/relay.yaml --check-config",
                "  mxguard relay --config /etc/mxguard/relay.yaml",
                "  mxguard relay --queue-dir /tmp/q --listen 127.0.0.1:2525 --resolver 127.0.10.53:40451 \\",
                "                --trust-anchor lab-anchor.ds --port 2525"})
final class RelayCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--config", paramLabel = "FILE", description = "The relay's YAML configuration (see README).")
    Path config;

    @Option(names = "--check-config", description = "Check the configuration, print a summary, and exit (0 if good).")
    boolean checkConfig;

    @Option(names = "--listen", paramLabel = "HOST:PORT", split = ",", description = "Listen here (listen), repeatable.")
    List<String> listen;

    @Option(names = "--queue-dir", paramLabel = "DIR", description = "The queue directory (queue.directory).")
    String queueDir;

    @Option(names = "--allow-network", paramLabel = "CIDR", split = ",",
            description = "Clients allowed to relay (clients.networks), repeatable.")
    List<String> allowNetworks;

    @Option(names = "--resolver", paramLabel = "HOST[:PORT]", description = "Upstream resolver (dns.resolvers), repeatable.")
    List<String> resolvers;

    @Option(names = "--trust-anchor", paramLabel = "FILE", description = "DS or DNSKEY records (dns.trustAnchor).")
    String trustAnchor;

    @Option(names = "--port", paramLabel = "N", description = "SMTP port of MX hosts (delivery.port).")
    Integer port;

    @Option(names = "--level", paramLabel = "LEVEL", description = "Default TLS level (delivery.level).")
    String level;

    @Option(names = "--log-format", paramLabel = "FORMAT", description = "Delivery log: text or json (log.format).")
    String logFormat;

    @Override
    public Integer call() throws InterruptedException {
        RelayConfig cfg = load();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (checkConfig) {
            out.println((config == null ? "flags" : config.toString()) + ": configuration OK");
            cfg.summary().forEach(line -> out.println("  " + line));
            return ExitCode.OK;
        }
        // The hook is in place before anything listens, so a SIGTERM at any moment drains what runs.
        AtomicReference<Relay> running = new AtomicReference<>();
        CountDownLatch stop = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            Relay relay = running.getAndSet(null);
            if (relay != null) {
                err.println("mxguard relay: stopping: no new sessions; finishing running sessions and deliveries");
                relay.close();
                err.println("mxguard relay: stopped");
            }
            out.flush();
            err.flush();
            stop.countDown();
            // A signal's shutdown would end with 128+15; a relay stopped as asked exits 0.
            Runtime.getRuntime().halt(ExitCode.OK);
        }, "mxguard-relay-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            running.set(Relay.start(cfg, out::println, n -> err.println("mxguard relay: " + n)));
        } catch (IOException | RuntimeException e) {
            removeQuietly(hook); // a failed start keeps its own exit code
            if (e instanceof RuntimeException r) {
                throw r;
            }
            throw new UserError(ExitCode.UNAVAILABLE, "cannot start: " + e.getMessage());
        }
        Relay relay = running.get();
        if (relay != null) {
            err.println("mxguard relay: listening on " + relay.addresses() + ", queue " + cfg.queueDirectory());
        }
        stop.await();
        return ExitCode.OK;
    }

    private static void removeQuietly(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running already; it exits 0 after draining
        }
    }

    private RelayConfig load() {
        try {
            return RelayConfigLoader.load(Optional.ofNullable(config), new RelayConfigLoader.Overrides(listen, queueDir,
                    allowNetworks, resolvers, trustAnchor, port, level, logFormat));
        } catch (ConfigException e) {
            throw new UserError(e.exitCode(), e.getMessage());
        }
    }
}
