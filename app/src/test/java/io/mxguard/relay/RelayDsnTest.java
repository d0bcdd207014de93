package io.mxguard.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.mxguard.lab.dns.HijackRule;
import io.mxguard.lab.dns.LabZones;
import io.mxguard.lab.sender.LabMessage;
import io.mxguard.lab.smtp.LabFault;
import io.mxguard.lab.smtp.LabMailServer;
import io.mxguard.lab.smtp.ReceivedMessage;
import io.mxguard.lab.smtp.SeenCommand;
import io.mxguard.lab.world.LabWorld;
import io.mxguard.queue.QueueAdmin;
import io.mxguard.queue.QueueState;
import io.mxguard.queue.RecipientState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Name;

/**
 * DSNs end to end: the real relay (configuration file read by {@link RelayConfigLoader}, {@link Relay#start})
 * against the lab world, where Bob's MX rejects on purpose ({@link LabFault}) or the hijacking resolver forges
 * destination.com's MX. Every DSN must leave the relay from the null sender and arrive over SMTP at the
 * sender's MX: {@code smtp.source.com}, which the lab DNS names (signed, no TLSA) and this test runs as a
 * {@link LabMailServer} on Alice's lab address and the lab's SMTP port. What was sent is read from the servers'
 * own records, never from the relay's word. Whether the relay passes the DSN parameters on (RFC 3461 §5.2.1) or keeps
 * the success report itself (§5.2.2) depends on Bob's MX announcing DSN ({@link LabMailServer#announceDsn}); what
 * it passed is read from the command lines Bob's MX recorded.
 */
class RelayDsnTest {
    private static final Duration PATIENCE = Duration.ofSeconds(15);
    private static final String ALICE = "alice@source.com";
    private static final String HOSTNAME = "relay.source.com";
    private static LabWorld world;
    private static LabMailServer aliceMx;

    @TempDir
    Path dir;

    private final List<String> log = new CopyOnWriteArrayList<>();
    private Relay relay;

    @BeforeAll
    static void start() throws IOException {
        world = LabWorld.start();
        // The relay connects where the DNS points; only the one-address-per-actor layout puts servers there.
        assumeFalse(world.singleAddress(), "needs 127.0.10.x (the relay has no lab endpoint map)");
        aliceMx = LabMailServer.start(new LabMailServer.Config(world.addresses().aliceSmtp(), world.smtpPort(),
                "smtp.source.com", world.pki().issuePublic("smtp.source.com"), 10L * 1024 * 1024,
                Duration.ofSeconds(10), 4));
    }

    @AfterAll
    static void stop() {
        if (aliceMx != null) {
            aliceMx.close();
        }
        world.close();
    }

    @AfterEach
    void cleanUp() {
        if (relay != null) {
            relay.close();
        }
        world.bobMx().faults();
        world.bobMx().announceDsn(false);
        aliceMx.announceDsn(false);
        world.dns().hijack(List.of());
    }

    // --- bounces ---

    @Test
    void rcptRejected550_bounceFromNullSenderReachesSendersMx_onlyForTheRejectedRecipient() throws Exception {
        String nobody = unique("nobody");
        world.bobMx().faults(new LabFault.RejectRcpt(nobody, 550));
        start(retry("1s", "4h", "5d"));
        String marker = marker();

        String id = submit(ALICE, "", marker, "bob@destination.com", nobody);

        awaitDsnFor(id);
        awaitQueueEmpty(); // the original settled (one delivered, one bounced) and the DSN delivered
        ReceivedMessage dsn = onlyDsnFor(id);
        assertThat(dsn.mailFrom()).as("MAIL FROM of the DSN").isEmpty();
        assertThat(dsn.rcptTo()).containsExactly(ALICE);
        assertThat(dsn.helo()).isEqualTo(HOSTNAME);
        DsnReport report = DsnReport.parse(dsn.data());
        assertThat(report.headers().get("Content-Type"))
                .startsWith("multipart/report; report-type=delivery-status;");
        assertThat(report.headers()).containsEntry("From", "Mail Delivery System <MAILER-DAEMON@" + HOSTNAME + ">")
                .containsEntry("To", "<" + ALICE + ">").containsEntry("Auto-Submitted", "auto-replied")
                .containsEntry("Subject", "Undelivered Mail Returned to Sender");
        assertThat(report.perMessage()).containsEntry("Reporting-MTA", "dns; " + HOSTNAME)
                .containsEntry("X-Mxguard-Queue-ID", id).containsKey("Arrival-Date");
        Map<String, String> r = report.recipient(); // bob was delivered: not in the report (he asked for no SUCCESS)
        assertThat(r).containsEntry("Final-Recipient", "rfc822; " + nobody).containsEntry("Action", "failed")
                .containsEntry("Status", "5.1.1")
                .containsEntry("Diagnostic-Code", "smtp; 550 5.1.1 recipient rejected by lab fault")
                .containsEntry("Remote-MTA", "dns; mx.destination.com") // RFC 3464 §2.3.5: who said 550
                .containsKey("Last-Attempt-Date").doesNotContainKey("Will-Retry-Until");
        // RFC 3461 §4.3: RET not given; a failure report returns the whole message
        assertThat(report.returned().contentType()).isEqualTo("message/rfc822");
        List<ReceivedMessage> atBob = atBob(marker);
        assertThat(atBob).as("Bob's copy").hasSize(1);
        assertThat(report.returned().body()).as("the returned message, byte for byte (RFC 2046 §5.1.1: the CRLF "
                + "before a boundary is the boundary's)").isEqualTo(text(atBob.get(0)));
        assertThat(atBob.get(0).rcptTo()).containsExactly("bob@destination.com");
        assertThat(log).anyMatch(l -> l.startsWith(id + ": to=<" + nobody + ">") && l.contains("status=bounced"));
    }

    @Test
    void retHdrsEnvidOrcpt_bounceReturnsHeadersOnly_andNamesTheOriginalIds() throws Exception {
        String nobody = unique("nobody");
        world.bobMx().faults(new LabFault.RejectRcpt(nobody, 550));
        start(retry("1s", "4h", "5d"));
        String marker = marker();

        String id = submit(ALICE, "RET=HDRS ENVID=env-" + marker, marker,
                nobody + " NOTIFY=FAILURE ORCPT=rfc822;" + nobody);

        awaitDsnFor(id);
        awaitQueueEmpty();
        DsnReport report = DsnReport.parse(onlyDsnFor(id).data());
        assertThat(report.perMessage()).containsEntry("Original-Envelope-Id", "env-" + marker);
        assertThat(report.recipient()).containsEntry("Original-Recipient", "rfc822;" + nobody)
                .containsEntry("Action", "failed");
        assertThat(report.returned().contentType()).isEqualTo("text/rfc822-headers");
        assertThat(report.returned().body()).startsWith("Received: ")
                .endsWith("\r\n" + LabMessage.MARKER_HEADER + ": " + marker + "\r\n").doesNotContain("Hello Bob.");
    }

    @Test
    void mailRejected550_everyRecipientBounced_diagnosticCarriesTheRemoteReply() throws Exception {
        world.bobMx().faults(new LabFault.RejectMail(550));
        start(retry("1s", "4h", "5d"));
        String marker = marker();

        String id = submit(ALICE, "", marker, "bob@destination.com");

        awaitDsnFor(id);
        awaitQueueEmpty();
        DsnReport report = DsnReport.parse(onlyDsnFor(id).data());
        assertThat(report.recipient()).containsEntry("Final-Recipient", "rfc822; bob@destination.com")
                .containsEntry("Action", "failed").containsEntry("Status", "5.7.1");
        // the refusal of the whole transaction is a sentence around the reply: typed X-mxguard (RFC 3464 §2.3.6)
        assertThat(report.recipient().get("Diagnostic-Code"))
                .startsWith("X-mxguard; ").contains("\"550 5.7.1 sender rejected by lab fault\"");
        assertThat(atBob(marker)).isEmpty();
    }

    // --- delay notices ---

    @Test
    void rcptDeferred451_notifyDelay_exactlyOneDelayNotice_thenDeliveredAfterFlush() throws Exception {
        String carol = unique("carol");
        world.bobMx().faults(new LabFault.RejectRcpt(carol, 451));
        start(retry("1s", "1s", "1d"));
        String marker = marker();

        String id = submit(ALICE, "", marker, carol + " NOTIFY=DELAY,FAILURE");

        ReceivedMessage dsn = awaitDsnFor(id);
        // the notice is sent once: another failed attempt after it brings no second one
        long attemptsSoFar = deferredLines(id);
        await(() -> deferredLines(id) > attemptsSoFar, "another attempt after the delay notice");
        assertThat(dsnsFor(id)).as("delay notices").hasSize(1);
        assertThat(dsn.mailFrom()).isEmpty();
        assertThat(dsn.rcptTo()).containsExactly(ALICE);
        DsnReport report = DsnReport.parse(dsn.data());
        assertThat(report.headers()).containsEntry("Subject", "Delayed Mail (still being retried)");
        assertThat(report.recipient()).containsEntry("Final-Recipient", "rfc822; " + carol)
                .containsEntry("Action", "delayed").containsEntry("Status", "4.1.1")
                .containsEntry("Diagnostic-Code", "smtp; 451 4.1.1 recipient rejected by lab fault")
                .containsEntry("Remote-MTA", "dns; mx.destination.com").containsKey("Will-Retry-Until");
        // RFC 3461 §4.3: RET not given; a delay notice returns the headers only
        assertThat(report.returned().contentType()).isEqualTo("text/rfc822-headers");
        assertThat(report.returned().body()).endsWith("\r\n" + LabMessage.MARKER_HEADER + ": " + marker + "\r\n");

        AtomicReference<QueueAdmin.Entry> deferred = new AtomicReference<>();
        await(() -> {
            state(id).filter(e -> e.state() == QueueState.DEFERRED).ifPresent(deferred::set);
            return deferred.get() != null;
        }, "the original deferred");
        RecipientState waiting = deferred.get().recipients().get(0);
        assertThat(waiting.status()).isEqualTo(RecipientState.Status.DEFERRED);
        assertThat(waiting.enhancedStatus()).isEqualTo("4.1.1");

        world.bobMx().faults();
        relay.flush();
        await(() -> atBob(marker).size() == 1, "Bob's MX to accept the message");
        awaitQueueEmpty();
        assertThat(atBob(marker)).as("delivered once").hasSize(1);
        assertThat(atBob(marker).get(0).rcptTo()).containsExactly(carol);
        assertThat(atBob(marker).get(0).mailFrom()).isEqualTo(ALICE);
        assertThat(dsnsFor(id)).as("no failure or success report after delivery").hasSize(1);
    }

    @Test
    void notifyNever_deferredPastWarningThenRejected_noDsnAtAll() throws Exception {
        String carol = unique("carol");
        world.bobMx().faults(new LabFault.RejectRcpt(carol, 451));
        start(retry("1s", "1s", "1d"));

        String id = submit(ALICE, "", marker(), carol + " NOTIFY=NEVER");

        deferredThenRejected(id, carol);
        assertThat(dsnsFor(id)).as("DSNs for NOTIFY=NEVER").isEmpty();
        assertThat(log).as("every delivery was of the original").allMatch(l -> l.startsWith(id + ": "));
    }

    @Test
    void nullSender_deferredPastWarningThenRejected_noDsnAtAll() throws Exception {
        String carol = unique("carol");
        world.bobMx().faults(new LabFault.RejectRcpt(carol, 451));
        start(retry("1s", "1s", "1d"));

        String id = submit("", "", marker(), carol + " NOTIFY=DELAY,FAILURE");

        deferredThenRejected(id, carol);
        assertThat(dsnsFor(id)).as("DSNs about a null-sender message").isEmpty();
        assertThat(world.bobMx().messages()).noneMatch(m -> text(m).contains(id));
        assertThat(log).as("every delivery was of the original").allMatch(l -> l.startsWith(id + ": "));
    }

    @Test
    void defaultNotify_deferredPastWarningThenRejected_onlyTheFailureReport() throws Exception {
        String carol = unique("carol");
        world.bobMx().faults(new LabFault.RejectRcpt(carol, 451));
        start(retry("1s", "1s", "1d"));

        String id = submit(ALICE, "", marker(), carol);

        deferredThenRejected(id, carol);
        // RFC 3461 §4.1: no NOTIFY means FAILURE, and DELAY at the MTA's choice; ours is no delay notice
        DsnReport report = DsnReport.parse(onlyDsnFor(id).data());
        assertThat(report.recipient()).containsEntry("Action", "failed").containsEntry("Status", "5.1.1");
    }

    // --- DSN parameters passed on (RFC 3461 §5.2.1), or the report kept (§5.2.2) ---

    @Test
    void nextHopAnnouncesDsn_retEnvidNotifyOrcptPassedOnAsReceived_noSuccessReportOfOurs() throws Exception {
        world.bobMx().announceDsn(true);
        start(retry("1s", "4h", "5d"));
        String marker = marker();
        String dana = unique("dana");
        String carol = unique("carol");
        String erin = unique("erin");
        String envid = "QQ+2B" + marker;
        String danaOrcpt = "rfc822;" + dana.replace("dana-", "Dana+2Bsales-"); // case and xtext must survive

        String id = submit(ALICE, "RET=HDRS ENVID=" + envid, marker, dana + " NOTIFY=SUCCESS,FAILURE ORCPT=" + danaOrcpt,
                carol + " NOTIFY=NEVER", erin);

        await(() -> atBob(marker).size() == 1, "Bob's MX to accept the message");
        awaitQueueEmpty(); // a success report of ours would be enqueued before the original is removed
        assertThat(atBob(marker).get(0).rcptTo()).containsExactly(dana, carol, erin);
        // §5.2.1(a), (b): RET and ENVID as received
        assertThat(mailLineAtBob(dana)).matches("MAIL FROM:<" + ALICE + "> SIZE=[0-9]+ RET=HDRS ENVID="
                + Pattern.quote(envid));
        // (c): NOTIFY as received, none where none came; (d): ORCPT identical, or added with the address received
        assertThat(rcptLineAtBob(dana)).isEqualTo("RCPT TO:<" + dana + "> NOTIFY=SUCCESS,FAILURE ORCPT=" + danaOrcpt);
        assertThat(rcptLineAtBob(carol)).isEqualTo("RCPT TO:<" + carol + "> NOTIFY=NEVER ORCPT=rfc822;" + carol);
        assertThat(rcptLineAtBob(erin)).isEqualTo("RCPT TO:<" + erin + "> ORCPT=rfc822;" + erin);
        // Bob's MX took over Dana's NOTIFY=SUCCESS: the success report is its to send, not ours
        assertThat(dsnsFor(id)).as("DSNs of ours").isEmpty();
        assertThat(log.stream().filter(l -> l.startsWith(id + ": ") && l.contains("status=sent"))).hasSize(3);
    }

    @Test
    void nextHopWithoutDsn_noParametersSent_notifySuccessGetsOurRelayedReport() throws Exception {
        aliceMx.announceDsn(true); // the sender's MX does DSN: our report goes out as RFC 3461 §6.1 says
        start(retry("1s", "4h", "5d"));
        String marker = marker();
        String dana = unique("dana");
        String carol = unique("carol");
        String erin = unique("erin");
        String danaOrcpt = "rfc822;" + dana.replace("dana-", "Dana+2Bsales-");

        String id = submit(ALICE, "RET=FULL ENVID=QQ+2B" + marker, marker,
                dana + " NOTIFY=SUCCESS ORCPT=" + danaOrcpt, carol + " NOTIFY=NEVER", erin);

        ReceivedMessage dsn = awaitDsnFor(id);
        awaitQueueEmpty();
        assertThat(atBob(marker)).hasSize(1);
        // §5.2.2(a): not one DSN parameter to a server that did not announce DSN (the lab MX would answer 555)
        assertThat(mailLineAtBob(dana)).matches("MAIL FROM:<" + ALICE + "> SIZE=[0-9]+");
        for (String rcpt : List.of(dana, carol, erin)) {
            assertThat(rcptLineAtBob(rcpt)).isEqualTo("RCPT TO:<" + rcpt + ">");
        }
        // §5.2.2(b): Dana asked for SUCCESS, so we report "relayed"; (d), (e): nothing for Carol or Erin
        assertThat(dsnsFor(id)).hasSize(1);
        DsnReport report = DsnReport.parse(dsn.data());
        assertThat(report.headers()).containsEntry("Subject", "Successful Mail Delivery Report");
        // RFC 3461 §6.3(a), (d): ENVID decoded from xtext; the original recipient as the sender wrote it
        assertThat(report.perMessage()).containsEntry("Original-Envelope-Id", "QQ+" + marker);
        assertThat(report.recipient()).containsEntry("Final-Recipient", "rfc822; " + dana)
                .containsEntry("Original-Recipient", "rfc822;" + dana.replace("dana-", "Dana+sales-"))
                .containsEntry("Action", "relayed").containsEntry("Status", "2.0.0");
        // §4.3: RET=FULL is for failure reports; this one returns the headers only
        assertThat(report.returned().contentType()).isEqualTo("text/rfc822-headers");
        assertThat(report.returned().body()).doesNotContain("Hello Bob.");
        // §6.1: a DSN is relayed from <> without RET, and NOTIFY (if any) is NEVER
        assertThat(aliceMx.commands()).extracting(SeenCommand::line)
                .contains("RCPT TO:<" + ALICE + "> NOTIFY=NEVER ORCPT=rfc822;" + ALICE)
                .anyMatch(l -> l.matches("MAIL FROM:<> SIZE=[0-9]+"))
                .noneMatch(l -> l.startsWith("MAIL FROM:<> ") && l.contains("RET="));
    }

    // --- lifetime ---

    @Test
    void forgedMxUntilLifetimeEnds_bouncedWithLastTemporaryReason() throws Exception {
        world.dns().hijack(List.of(HijackRule.rewriteMx(LabZones.DESTINATION,
                Name.fromConstantString("mx.attacker.net."), HijackRule.Signatures.STRIP)));
        start(retry("1s", "4h", "2s"), world.dns().hijackingResolver());
        String marker = marker();

        String id = submit(ALICE, "", marker, "bob@destination.com");

        awaitDsnFor(id);
        awaitQueueEmpty(); // deferred until the lifetime ended, then bounced; the DSN delivered
        assertThat(deferredLines(id)).as("attempts that deferred").isGreaterThanOrEqualTo(1);
        // the attempt that ended the lifetime says so in the delivery log, as Postfix says status=expired
        List<String> lines = log.stream().filter(l -> l.startsWith(id + ": ")).toList();
        assertThat(lines.get(lines.size() - 1)).startsWith(id + ": to=<bob@destination.com>, relay=none, ")
                .contains(", dsn=4.7.5, status=expired (message expired after 2s in the queue; last error: MX lookup "
                        + "failed");
        assertThat(log.stream().filter(l -> l.startsWith(id + ": ") && l.contains("status=expired"))).hasSize(1);
        ReceivedMessage dsn = onlyDsnFor(id);
        assertThat(dsn.mailFrom()).isEmpty();
        assertThat(dsn.rcptTo()).containsExactly(ALICE);
        DsnReport report = DsnReport.parse(dsn.data());
        assertThat(report.recipient()).containsEntry("Final-Recipient", "rfc822; bob@destination.com")
                .containsEntry("Action", "failed").containsEntry("Status", "4.7.5")
                .doesNotContainKey("Remote-MTA"); // no MX was ever reached: the MX lookup itself was forged
        // our own reason, not a remote reply: RFC 3464 §2.3.6 has it typed X-mxguard, never smtp
        assertThat(report.recipient().get("Diagnostic-Code"))
                .startsWith("X-mxguard; message expired after 2s in the queue; last error: MX lookup failed")
                .containsIgnoringCase("DNSSEC").containsIgnoringCase("BOGUS");
        assertThat(report.returned().contentType()).isEqualTo("message/rfc822");
        assertThat(atBob(marker)).isEmpty();
        assertThat(world.attackerMx().messages()).noneMatch(m -> LabMessage.carries(m.data(), marker));
    }

    // --- the relay and the lab ---

    /** retry - the YAML retry section: backoff (min = max), delay warning, lifetime. */
    private static String retry(String backoff, String delayWarning, String maxLifetime) {
        return "retry:\n  minBackoff: " + backoff + "\n  maxBackoff: " + backoff + "\n  delayWarning: " + delayWarning
                + "\n  maxLifetime: " + maxLifetime + "\n";
    }

    private void start(String retry) throws Exception {
        start(retry, world.dns().honestResolver());
    }

    /** start - the relay from a configuration file, as {@code mxguard relay --config} reads it. */
    private void start(String retry, InetSocketAddress resolver) throws Exception {
        Path file = dir.resolve("relay.yaml");
        Files.writeString(file, "hostname: " + HOSTNAME + "\n"
                + "listen: [\"127.0.0.1:0\"]\n"
                + "queue:\n  directory: \"" + dir.resolve("queue") + "\"\n"
                + "delivery:\n  port: " + world.smtpPort() + "\n"
                + "dns:\n  resolvers: [\"" + resolver.getAddress().getHostAddress() + ":" + resolver.getPort() + "\"]\n"
                + "  trustAnchor: \"" + world.dns().trustAnchorFile() + "\"\n"
                + retry);
        relay = Relay.start(RelayConfigLoader.load(Optional.of(file), RelayConfigLoader.Overrides.none()), log::add,
                n -> { });
    }

    private String submit(String from, String mailParams, String marker, String... rcpts) throws IOException {
        return DsnSubmission.submit(relay.addresses().get(0), from, mailParams, List.of(rcpts), content(marker));
    }

    private static byte[] content(String marker) {
        return ("From: " + ALICE + "\r\nTo: bob@destination.com\r\nSubject: DSN test\r\n"
                + LabMessage.MARKER_HEADER + ": " + marker + "\r\n\r\nHello Bob.\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    /** deferredThenRejected - temporary failures past the delay warning, then a permanent one; the queue empties. */
    private void deferredThenRejected(String id, String rcpt) throws Exception {
        // the second attempt comes a backoff (1s, the warning time) after the first: past the warning
        await(() -> deferredLines(id) >= 2, "two deferred attempts");
        world.bobMx().faults(new LabFault.RejectRcpt(rcpt, 550));
        await(() -> log.stream().anyMatch(l -> l.startsWith(id + ": ") && l.contains("status=bounced")), "the bounce");
        awaitQueueEmpty();
    }

    private long deferredLines(String id) {
        return log.stream().filter(l -> l.startsWith(id + ": ") && l.contains("status=deferred")).count();
    }

    /** rcptLineAtBob - the one RCPT command line Bob's MX saw for {@code rcpt} (unique to its test). */
    private static String rcptLineAtBob(String rcpt) {
        List<String> lines = world.bobMx().commands().stream().map(SeenCommand::line)
                .filter(l -> l.startsWith("RCPT TO:<" + rcpt + ">")).toList();
        assertThat(lines).as("RCPT commands for " + rcpt + " at Bob's MX").hasSize(1);
        return lines.get(0);
    }

    /** mailLineAtBob - the MAIL command of the transaction that named {@code rcpt}: the last before it, same connection. */
    private static String mailLineAtBob(String rcpt) {
        List<SeenCommand> seen = world.bobMx().commands();
        SeenCommand rcptCommand = seen.stream().filter(c -> c.line().startsWith("RCPT TO:<" + rcpt + ">")).findFirst()
                .orElseThrow(() -> new AssertionError("no RCPT for " + rcpt + " at Bob's MX"));
        String mail = null;
        for (SeenCommand c : seen.subList(0, seen.indexOf(rcptCommand))) {
            if (c.connection() == rcptCommand.connection() && c.verb().equals("MAIL")) {
                mail = c.line();
            }
        }
        assertThat(mail).as("MAIL before the RCPT for " + rcpt).isNotNull();
        return mail;
    }

    /** dsnsFor - what Alice's MX received that reports on queue id {@code id}. */
    private static List<ReceivedMessage> dsnsFor(String id) {
        return aliceMx.messages().stream().filter(m -> text(m).contains("\r\nX-Mxguard-Queue-ID: " + id + "\r\n"))
                .toList();
    }

    private static ReceivedMessage onlyDsnFor(String id) {
        List<ReceivedMessage> dsns = dsnsFor(id);
        assertThat(dsns).as("DSNs for " + id + " at the sender's MX").hasSize(1);
        return dsns.get(0);
    }

    private static ReceivedMessage awaitDsnFor(String id) throws Exception {
        await(() -> !dsnsFor(id).isEmpty(), "a DSN for " + id + " at the sender's MX");
        return dsnsFor(id).get(0);
    }

    private static List<ReceivedMessage> atBob(String marker) {
        return world.bobMx().messages().stream().filter(m -> LabMessage.carries(m.data(), marker)).toList();
    }

    private Optional<QueueAdmin.Entry> state(String id) {
        return queued().stream().filter(e -> e.id().equals(id)).findFirst();
    }

    private List<QueueAdmin.Entry> queued() {
        try {
            return new QueueAdmin(relay.spool()).list();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * awaitQueueEmpty - empty in two listings 100 ms apart: a DSN arrives in incoming just before its original
     * leaves active, and a listing that read incoming before the one and active after the other sees neither.
     */
    private void awaitQueueEmpty() throws Exception {
        await(() -> {
            if (!queued().isEmpty()) {
                return false;
            }
            Thread.sleep(100);
            return queued().isEmpty();
        }, "the queue to empty");
        assertThat(relay.spool().list(QueueState.CORRUPT)).isEmpty();
    }

    private static String unique(String local) {
        return local + "-" + UUID.randomUUID().toString().substring(0, 8) + "@destination.com";
    }

    private static String marker() {
        return "dsn-" + UUID.randomUUID();
    }

    private static String text(ReceivedMessage m) {
        return new String(m.data(), StandardCharsets.UTF_8);
    }

    /** await - poll until {@code condition} holds; fail naming it after {@link #PATIENCE} (never a timing claim). */
    private static void await(Condition condition, String what) throws Exception {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!condition.holds()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(25);
        }
    }

    @FunctionalInterface
    private interface Condition {
        boolean holds() throws Exception;
    }
}
