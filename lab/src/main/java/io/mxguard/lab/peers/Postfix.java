package io.mxguard.lab.peers;

import io.mxguard.lab.LabFiles;
import io.mxguard.pki.Certificates;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Postfix - a private Postfix that is the real MX of one lab domain (Bob's, {@code destination.com}),
 * or ({@link #startRelayingTo}) a sending mail server that hands everything to one relay host, or
 * ({@link #startSendingWithDane}) one that delivers to a domain's MX hosts with DANE:
 * {@code postfix -c DIR start} with a configuration, queue, data directory, mail store and log of
 * its own in a temporary directory.
 *
 * <p>smtpd listens on one loopback address and port only, offers STARTTLS with the certificate it
 * is given (none: no STARTTLS), accepts any recipient of the domain into one maildir, and refuses
 * every other recipient (no relaying, not even from loopback). It can deliver nowhere else and
 * looks nothing up in the DNS; see {@link PostfixConfig}.
 *
 * <p>The sending flavour's smtpd accepts any recipient, but only from its own address (mynetworks
 * is the listen address /32: a client must connect from it, which on Linux loopback is the case
 * for 127.0.0.1), and its {@code smtp} client delivers every message to {@code [IP]:PORT} of the
 * relay host, from the listen address, with opportunistic STARTTLS and no DNS lookups; it stores
 * nothing ({@link #receivedMessages()} stays empty). {@link #awaitLog} waits for its log lines,
 * e.g. {@code status=sent}. The DANE sender differs only in where it sends: MX and TLSA lookups
 * through /etc/resolv.conf, so only inside a private network namespace ({@link PrivateDns}).
 *
 * <p>{@link #start} needs root (Postfix's master runs as root and drops to the {@code postfix}
 * user); {@link #unavailableReason()} says so before trying. It waits (bounded) for the
 * {@code 220} greeting. Delivery into the maildir follows the {@code 250} reply asynchronously:
 * {@link #awaitMessages} waits for it. {@link #log()} is Postfix's maillog, {@link #describe()}
 * adds the configuration, for assertion messages. {@link #close()} stops every Postfix process of
 * the instance and deletes the directory; it may be called twice; a shutdown hook stops the
 * processes if the JVM exits first. Not thread-safe while starting or closing.
 */
public final class Postfix implements AutoCloseable {

    private static final int START_ATTEMPTS = 3;
    private static final Duration START_TIMEOUT = Duration.ofSeconds(20);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration POLL_PAUSE = Duration.ofMillis(20);
    private static final int MAX_GREETING = 512;
    // Unix-domain socket paths (queue/private/..., queue/public/...) must fit in sun_path (108 bytes).
    private static final int MAX_QUEUE_PATH = 80;

    private final Path binary;
    private Path root;
    private PostfixConfig config;
    private ProcessHandle master;
    private Thread reaper;
    private String finalLog = "";

    private Postfix(Path binary) {
        this.binary = binary;
    }

    /**
     * unavailableReason - why {@link #start} cannot work here (not root, no postfix user or
     * postdrop group), or empty; for the caller's skip message.
     */
    public static Optional<String> unavailableReason() {
        try {
            Object uid = Files.getAttribute(Path.of("/proc/self"), "unix:uid");
            if (!Integer.valueOf(0).equals(uid)) {
                return Optional.of("needs root: Postfix's master runs as root (this JVM runs as uid " + uid + ")");
            }
            UserPrincipalLookupService users = Path.of("/").getFileSystem().getUserPrincipalLookupService();
            users.lookupPrincipalByName("postfix");
            users.lookupPrincipalByGroupName("postdrop");
            return Optional.empty();
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return Optional.of("cannot run Postfix here (" + e + "): needs Linux, root, and Debian package 'postfix'"
                    + " (its postfix user and postdrop group)");
        }
    }

    /**
     * start - a running Postfix, MX for {@code domain}, listening on {@code listen} (a loopback
     * IPv4 address; port 0 picks a free one), offering STARTTLS with {@code certificate} (its
     * chain, leaf first, and key), or no STARTTLS when it is null; {@code postfix} is the
     * {@code postfix} program. IOException with Postfix's words if it does not start.
     */
    public static Postfix start(Path postfix, InetSocketAddress listen, Certificates.Issued certificate, String domain)
            throws IOException {
        return launched(postfix, listen, certificate, domain, null);
    }

    /**
     * startRelayingTo - a running sending Postfix of {@code myDomain} (it greets as
     * {@code mail.} + the domain), listening on {@code listen} (a loopback IPv4 address; port 0
     * picks a free one) without STARTTLS, that accepts mail for any recipient from its own address
     * and relays all of it to {@code relayhost} (a numeric loopback IPv4 address and port, used as
     * {@code relayhost = [IP]:PORT}). IOException with Postfix's words if it does not start.
     */
    public static Postfix startRelayingTo(Path postfix, InetSocketAddress listen, InetSocketAddress relayhost,
                                          String myDomain) throws IOException {
        // Relayhost refuses anything but a numeric loopback IPv4 address with a port.
        return launched(postfix, listen, null, myDomain, new PostfixConfig.Relayhost(relayhost));
    }

    /**
     * startSendingWithDane - a running sending Postfix of {@code myDomain}, listening on {@code listen}
     * (a loopback IPv4 address; port 0 picks a free one) without STARTTLS, that accepts mail from its own
     * address and delivers mail for {@code destination} to that domain's MX hosts, looked up in the DNS,
     * on {@code port} ({@code smtp:DESTINATION:PORT}), with {@code smtp_tls_security_level = dane}: it
     * delivers only over TLS verified by a DNSSEC-validated TLSA record at {@code _PORT._tcp.MXHOST}.
     * With {@code tlsReuse} it keeps TLS connections open for further deliveries
     * ({@code smtp_tls_connection_reuse = yes}, Postfix's default is no). Postfix asks the nameservers of
     * /etc/resolv.conf, so this refuses to start unless {@link PrivateDns} finds a private network
     * namespace with a loopback resolver.
     */
    public static Postfix startSendingWithDane(Path postfix, InetSocketAddress listen, String destination, int port,
                                               boolean tlsReuse, String myDomain) throws IOException {
        PostfixConfig.DaneMx route = new PostfixConfig.DaneMx(destination, port, tlsReuse);
        Optional<String> notPrivate = PrivateDns.unavailableReason();
        if (notPrivate.isPresent()) {
            throw new IOException("a Postfix that looks up MX and TLSA records would ask the resolver of "
                    + "/etc/resolv.conf: " + notPrivate.get());
        }
        return launched(postfix, listen, null, myDomain, route);
    }

    // Every flavour: the program, a loopback listener and a domain; the route (null: receiving) checked by its type.
    private static Postfix launched(Path postfix, InetSocketAddress listen, Certificates.Issued certificate,
                                    String domain, PostfixConfig.Route route) throws IOException {
        Objects.requireNonNull(postfix, "postfix");
        Objects.requireNonNull(listen, "listen");
        Objects.requireNonNull(domain, "domain");
        if (!listen.getAddress().isLoopbackAddress()) {
            throw new IllegalArgumentException("the lab Postfix listens on loopback only, not " + listen);
        }
        Postfix instance = new Postfix(postfix);
        try {
            instance.launch(listen, certificate, domain, route);
            return instance;
        } catch (IOException | RuntimeException e) {
            instance.close();
            throw e;
        }
    }

    private void launch(InetSocketAddress listen, Certificates.Issued certificate, String domain,
                        PostfixConfig.Route route) throws IOException {
        root = Files.createTempDirectory("mxguard-postfix-");
        if (root.resolve("queue/private/proxywrite").toString().length() > MAX_QUEUE_PATH) {
            throw new IOException("temporary directory " + root + " is too deep for Postfix's unix sockets;"
                    + " point java.io.tmpdir at a shorter path");
        }
        // The mailbox owner must traverse from here down to the maildir.
        Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path mail = ownedByPostfix(Files.createDirectory(root.resolve("mail")));
        long uid = ((Number) Files.getAttribute(mail, "unix:uid")).longValue();
        long gid = ((Number) Files.getAttribute(mail, "unix:gid")).longValue();
        Path tlsChain = certificate == null ? null : writeKeyAndChain(certificate);
        Files.createDirectory(root.resolve("etc"));
        // Root-owned and 755; "postfix start" (post-install create-missing) makes the rest of the queue.
        Files.createDirectory(root.resolve("queue"));
        for (int attempt = 1; ; attempt++) {
            boolean ourPort = listen.getPort() == 0;
            int port = ourPort ? freePort(listen.getAddress()) : listen.getPort();
            config = new PostfixConfig(root, new InetSocketAddress(listen.getAddress(), port), domain, uid, gid, tlsChain,
                    route);
            Files.writeString(config.configDirectory().resolve("main.cf"), config.mainCf(), StandardCharsets.US_ASCII);
            Files.writeString(config.configDirectory().resolve("master.cf"), config.masterCf(), StandardCharsets.US_ASCII);
            coolDown(config.configDirectory());
            int status = postfix("start");
            if (status == 0) {
                break;
            }
            // The free port was taken between our probe and master's bind: try another one.
            if (!ourPort || attempt == START_ATTEMPTS || !log().contains("Address already in use")) {
                throw new IOException("postfix start exited with status " + status + describe());
            }
        }
        master = ProcessHandle.of(masterPid()).filter(ProcessHandle::isAlive)
                .orElseThrow(() -> new IOException("postfix started but its master is not running" + describe()));
        // A JVM that exits without close() must not leave Postfix behind.
        ProcessHandle running = master;
        reaper = new Thread(() -> Daemons.kill(running, STOP_TIMEOUT, POLL_PAUSE), "postfix-reaper");
        Runtime.getRuntime().addShutdownHook(reaper);
        awaitGreeting();
    }

    // Postfix re-reads a just-written main.cf every 300 ms until its mtime is a second or two old
    // (seen with strace); a freshly written configuration cost ~2 s per start. Backdate it.
    private static void coolDown(Path configDirectory) throws IOException {
        FileTime past = FileTime.from(java.time.Instant.now().minusSeconds(60));
        for (String file : List.of("main.cf", "master.cf")) {
            Files.setLastModifiedTime(configDirectory.resolve(file), past);
        }
    }

    private Path ownedByPostfix(Path path) throws IOException {
        UserPrincipalLookupService users = path.getFileSystem().getUserPrincipalLookupService();
        PosixFileAttributeView view = Files.getFileAttributeView(path, PosixFileAttributeView.class);
        view.setOwner(users.lookupPrincipalByName("postfix"));
        view.setGroup(users.lookupPrincipalByGroupName("postfix"));
        return path;
    }

    // smtpd_tls_chain_files: the key, then its certificate chain, in one PEM file read by root before privileges drop.
    private Path writeKeyAndChain(Certificates.Issued certificate) throws IOException {
        Path tls = Files.createDirectory(root.resolve("tls"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Path chain = Files.createFile(tls.resolve("key-and-chain.pem"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(chain, certificate.privateKeyPem() + certificate.chainPem(), StandardCharsets.US_ASCII);
        return chain;
    }

    // Runs "postfix -c DIR <command>", bounded; its own output goes to postfix-command.log beside the maillog.
    private int postfix(String command) throws IOException {
        Path out = root.resolve("postfix-command.log");
        Process p = new ProcessBuilder(binary.toString(), "-c", config.configDirectory().toString(), command)
                .directory(root.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(out.toFile()))
                .start();
        try {
            if (!p.waitFor(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new IOException("postfix " + command + " did not finish within " + START_TIMEOUT.toSeconds() + " s"
                        + describe());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new IOException("interrupted during postfix " + command, e);
        }
        return p.exitValue();
    }

    private long masterPid() throws IOException {
        Path pidFile = config.queueDirectory().resolve("pid/master.pid");
        try {
            return Long.parseLong(Files.readString(pidFile, StandardCharsets.US_ASCII).strip());
        } catch (NumberFormatException e) {
            throw new IOException("unreadable " + pidFile + describe(), e);
        }
    }

    // The listener is bound once "postfix start" returns; a 220 proves smtpd itself runs.
    private void awaitGreeting() throws IOException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        IOException last = null;
        while (System.nanoTime() < deadline) {
            try (Socket s = new Socket()) {
                s.connect(address(), 1000);
                s.setSoTimeout(5000);
                String greeting = readLine(s);
                OutputStream out = s.getOutputStream();
                out.write("QUIT\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                if (greeting.startsWith("220 ")) {
                    return;
                }
                throw new IOException("Postfix greeted with \"" + greeting + "\"" + describe());
            } catch (IOException e) {
                last = e;
            }
            pause();
        }
        throw new IOException("no 220 greeting from Postfix on " + address() + " within " + START_TIMEOUT.toSeconds()
                + " s: " + last + describe());
    }

    private static String readLine(Socket s) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
        StringBuilder line = new StringBuilder();
        for (int c; (c = in.read()) != -1 && c != '\n'; ) {
            if (line.length() == MAX_GREETING) {
                throw new IOException("greeting longer than " + MAX_GREETING + " bytes");
            }
            line.append((char) c);
        }
        return line.toString().strip();
    }

    private static void pause() throws IOException {
        try {
            Thread.sleep(POLL_PAUSE.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for Postfix", e);
        }
    }

    /** address - where smtpd listens (Bob's MX: point an MX/A record of the lab at it). */
    public InetSocketAddress address() {
        if (config == null) {
            throw new IllegalStateException("not started");
        }
        return config.listen();
    }

    /** relayhost - where the sending flavour relays everything to; empty for the receiving flavour (Bob's MX). */
    public Optional<InetSocketAddress> relayhost() {
        address();
        return config.route() instanceof PostfixConfig.Relayhost r ? Optional.of(r.address()) : Optional.empty();
    }

    /** hostname - the name smtpd greets with ({@code mx.} + the domain; {@code mail.} + it when sending). */
    public String hostname() {
        address();
        return config.hostname();
    }

    /** configDirectory - the {@code -c} directory, for running {@code postfix -c DIR ...} or {@code postconf -c DIR}. */
    public Path configDirectory() {
        address();
        return config.configDirectory();
    }

    /** processes - the master and its children (smtpd, qmgr, ...) alive now; empty once closed. */
    public List<ProcessHandle> processes() {
        if (master == null) {
            return List.of();
        }
        List<ProcessHandle> all = new ArrayList<>();
        all.add(master);
        master.descendants().forEach(all::add);
        return all.stream().filter(Postfix::running).toList();
    }

    /** receivedMessages - every message delivered so far, oldest first. */
    public List<PostfixMessage> receivedMessages() {
        address();
        return Maildir.read(config.mailBase().resolve(PostfixConfig.MAILBOX));
    }

    /**
     * awaitMessages - the delivered messages once there are at least {@code count}; Postfix
     * stores a message shortly after its 250 reply. IOException with the maillog on timeout.
     */
    public List<PostfixMessage> awaitMessages(int count, Duration timeout) throws IOException {
        return await(() -> Optional.of(receivedMessages()).filter(got -> got.size() >= count), timeout,
                () -> receivedMessages().size() + " of " + count + " messages delivered");
    }

    /**
     * awaitMessage - the first delivered message that {@code matches}, e.g. by Subject or
     * Message-ID. IOException with the maillog on timeout.
     */
    public PostfixMessage awaitMessage(Predicate<PostfixMessage> matches, Duration timeout) throws IOException {
        return await(() -> receivedMessages().stream().filter(matches).findFirst(), timeout,
                () -> "no matching message delivered");
    }

    /**
     * awaitLog - the first maillog line in which {@code pattern} is found, e.g. a {@code status=sent}
     * line of the sending flavour; Postfix's log daemon writes it shortly after the event.
     * IOException with the maillog on timeout.
     */
    public String awaitLog(Pattern pattern, Duration timeout) throws IOException {
        Objects.requireNonNull(pattern, "pattern");
        return await(() -> log().lines().filter(l -> pattern.matcher(l).find()).findFirst(), timeout,
                () -> "no maillog line matching /" + pattern + "/");
    }

    /** await - poll {@code probe} until it yields, or fail after {@code timeout} with {@code what} and the maillog. */
    private <T> T await(java.util.function.Supplier<Optional<T>> probe, Duration timeout,
                        java.util.function.Supplier<String> what) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Optional<T> got = probe.get();
            if (got.isPresent()) {
                return got.get();
            }
            if (System.nanoTime() >= deadline) {
                throw new IOException(what.get() + " within " + timeout.toMillis() + " ms" + describe());
            }
            pause();
        }
    }

    /** log - Postfix's maillog so far (and what the postfix command printed); kept after close. */
    public String log() {
        if (root == null) {
            return finalLog;
        }
        StringBuilder sb = new StringBuilder();
        for (Path f : List.of(root.resolve("postfix-command.log"), root.resolve("maillog"))) {
            try {
                if (Files.exists(f)) {
                    sb.append(Files.readString(f, StandardCharsets.UTF_8));
                }
            } catch (IOException e) {
                sb.append("(").append(f.getFileName()).append(" unreadable: ").append(e.getMessage()).append(")\n");
            }
        }
        return sb.toString();
    }

    /** describe - the maillog and the configuration, for exception and assertion messages. */
    public String describe() {
        String main = config == null ? "(none)" : config.mainCf();
        String masterCf = config == null ? "(none)" : config.masterCf();
        return "\n--- postfix maillog ---\n" + log() + "--- main.cf ---\n" + main + "--- master.cf ---\n" + masterCf;
    }

    @Override
    public void close() {
        if (master != null) {
            Daemons.kill(master, STOP_TIMEOUT, POLL_PAUSE);
            master = null;
        }
        if (reaper != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(reaper);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs anyway; harmless
            }
            reaper = null;
        }
        if (root != null) {
            finalLog = log();
            LabFiles.deleteTree(root);
            root = null;
        }
    }

    /** running - whether {@code p} still runs (alive and not a zombie); see {@link Daemons#running}. */
    public static boolean running(ProcessHandle p) {
        return Daemons.running(p);
    }

    private static int freePort(InetAddress address) throws IOException {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress(address, 0));
            return s.getLocalPort();
        }
    }


    @Override
    public String toString() {
        return "Postfix[" + (config == null ? "not started" : config.hostname() + " at " + config.listen()
                + (config.route() instanceof PostfixConfig.Relayhost r ? " relaying to " + r.address()
                : config.route() instanceof PostfixConfig.DaneMx d ? " sending to " + d.nexthop() + " with DANE"
                : "")) + "]";
    }
}
