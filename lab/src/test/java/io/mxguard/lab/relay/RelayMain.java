package io.mxguard.lab.relay;

import io.mxguard.queue.QueueConfig;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * RelayMain - a {@link RelayPipeline} in its own JVM, for tests that kill it: the parent owns the lab world
 * and passes its coordinates; the child writes the SMTP port it listens on to the port file (atomically)
 * once it accepts mail, then runs until it is killed.
 *
 * <pre>
 * RelayMain resolver=HOST:PORT anchor=FILE smtpPort=N spool=DIR portFile=FILE [route=ADDR:PORT=ADDR:PORT]...
 * </pre>
 * Each {@code route} maps an MX route (address and port from DNS) to where its server really listens (the
 * lab's {@code smtpEndpoint}); unmapped routes connect as given. Backoff is 1 s doubling to 2 s, so a
 * deferral during the test is retried within it.
 */
public final class RelayMain {
    private RelayMain() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> named = new HashMap<>();
        Map<InetSocketAddress, InetSocketAddress> routes = new HashMap<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (eq < 0) {
                throw new IllegalArgumentException("expected NAME=VALUE: " + arg);
            }
            String name = arg.substring(0, eq);
            String value = arg.substring(eq + 1);
            if (name.equals("route")) {
                int to = value.indexOf('=');
                routes.put(socket(value.substring(0, to)), socket(value.substring(to + 1)));
            } else {
                named.put(name, value);
            }
        }
        QueueConfig queue = new QueueConfig(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofDays(5),
                Duration.ofHours(4), 2, 4, RelayPipeline.HELO);
        RelayPipeline.Settings settings = new RelayPipeline.Settings(socket(required(named, "resolver")),
                Path.of(required(named, "anchor")), Integer.parseInt(required(named, "smtpPort")),
                a -> routes.getOrDefault(a, a), Path.of(required(named, "spool")), List.of("127.0.0.0/8"), queue);
        RelayPipeline relay = RelayPipeline.start(settings, e -> { });
        Path portFile = Path.of(required(named, "portFile"));
        Path tmp = portFile.resolveSibling(portFile.getFileName() + ".tmp");
        Files.writeString(tmp, Integer.toString(relay.smtp().getPort()), StandardCharsets.US_ASCII);
        Files.move(tmp, portFile, StandardCopyOption.ATOMIC_MOVE);
        System.out.println("relay: listening on " + relay.smtp() + ", spool " + settings.spoolDir());
        Thread.currentThread().join(); // until killed
    }

    private static String required(Map<String, String> named, String name) {
        String v = named.get(name);
        if (v == null) {
            throw new IllegalArgumentException("missing " + name + "=");
        }
        return v;
    }

    /** socket - {@code ADDR:PORT} (IPv4 or a name) as an address. */
    static InetSocketAddress socket(String text) throws UnknownHostException {
        int colon = text.lastIndexOf(':');
        return new InetSocketAddress(InetAddress.getByName(text.substring(0, colon)),
                Integer.parseInt(text.substring(colon + 1)));
    }

    /** arg - {@code address} as {@code ADDR:PORT}, the form {@link #socket} reads. */
    static String arg(InetSocketAddress address) {
        return address.getAddress().getHostAddress() + ":" + address.getPort();
    }
}
