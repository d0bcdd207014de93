package io.mxguard.queue;

import io.mxguard.smtp.DsnNotify;
import static org.assertj.core.api.Assertions.assertThat;

import io.mxguard.delivery.DeliveryReport;
import io.mxguard.delivery.RecipientOutcome;
import io.mxguard.delivery.RouteUsed;
import io.mxguard.delivery.TlsOutcome;
import io.mxguard.smtp.client.DsnParameters;
import io.mxguard.smtp.client.Envelope;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Name;

class QueueManagerTest {
    @TempDir
    Path dir;

    final MutableClock clock = new MutableClock(Instant.parse("2024-05-01T10:00:00Z"));
    final QueueConfig config = QueueConfig.defaults("smtp.source.com");
    final List<String> attempts = Collections.synchronizedList(new ArrayList<>());
    final List<String> toSender = Collections.synchronizedList(new ArrayList<>());
    final List<Envelope> envelopes = Collections.synchronizedList(new ArrayList<>());
    volatile RecipientOutcome.Status script = RecipientOutcome.Status.DELIVERED;
    volatile String code = "2.0.0";
    /** the route the fake reports: empty, or one whose server announced DSN (true) or did not (false) */
    volatile Optional<Boolean> nextHopDsn = Optional.empty();
    QueueManager manager;

    /** a fake delivery: every recipient gets the scripted status; records who was tried */
    final DomainDelivery fake = (domain, envelope, content) -> {
        envelopes.add(envelope);
        attempts.addAll(envelope.recipients());
        if (envelope.recipients().contains("alice@source.com")) {
            toSender.add(new String(content, StandardCharsets.UTF_8));
        }
        Optional<RouteUsed> route = nextHopDsn.map(dsn -> new RouteUsed(Name.fromConstantString("mx.destination.com."),
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 25), TlsOutcome.NONE, dsn));
        return new DeliveryReport(domain, envelope.recipients().stream().map(r -> new RecipientOutcome(r, script, code,
                script == RecipientOutcome.Status.DEFERRED ? "DANE authentication failed for every MX host"
                        : "250 ok", RecipientOutcome.Fault.REMOTE_SITE, route)).toList(), List.of());
    };

    @AfterEach
    void close() {
        if (manager != null) {
            manager.close();
        }
    }

    QueueManager manager(Spool spool) {
        manager = new QueueManager(spool, fake, config, clock);
        return manager;
    }

    @Test
    void delivered_fileRemoved() throws Exception {
        Spool spool = Spool.open(dir, clock);
        spool.enqueue(SpoolTest.envelope("alice@source.com", "bob@destination.com", "carol@other.org"),
                SpoolTest.content("hi"));
        manager(spool).runDue().join();

        assertThat(attempts).containsExactlyInAnyOrder("bob@destination.com", "carol@other.org");
        assertThat(queued(spool)).isZero();
    }

    @Test
    void deferred_thenDeliveredAfterBackoff() throws Exception {
        Spool spool = Spool.open(dir, clock);
        String id = spool.enqueue(SpoolTest.envelope("alice@source.com", "bob@destination.com"), SpoolTest.content("x"));
        script = RecipientOutcome.Status.DEFERRED;
        code = "4.7.5";
        QueueManager qm = manager(spool);
        qm.runDue().join();

        QueuedMessage m = spool.load(QueueState.DEFERRED, id).orElseThrow();
        assertThat(m.recipients().get(0).status()).isEqualTo(RecipientState.Status.DEFERRED);
        assertThat(m.recipients().get(0).enhancedStatus()).isEqualTo("4.7.5");
        assertThat(m.nextAttempt()).isEqualTo(clock.instant().plus(Duration.ofMinutes(5)));

        clock.advance(Duration.ofMinutes(4));
        qm.runDue().join();
        assertThat(attempts).hasSize(1); // not due yet

        script = RecipientOutcome.Status.DELIVERED;
        clock.advance(Duration.ofMinutes(1));
        qm.runDue().join();
        assertThat(attempts).hasSize(2);
        assertThat(queued(spool)).isZero();
    }

    @Test
    void backoff_doublesUpToFourHours() {
        assertThat(config.backoff(1)).isEqualTo(Duration.ofMinutes(5));
        assertThat(config.backoff(2)).isEqualTo(Duration.ofMinutes(10));
        assertThat(config.backoff(4)).isEqualTo(Duration.ofMinutes(40));
        assertThat(config.backoff(7)).isEqualTo(Duration.ofHours(4));
        assertThat(config.backoff(100)).isEqualTo(Duration.ofHours(4));
    }

    @Test
    void flush_makesDeferredDueNow() throws Exception {
        Spool spool = Spool.open(dir, clock);
        spool.enqueue(SpoolTest.envelope("alice@source.com", "bob@destination.com"), SpoolTest.content("x"));
        script = RecipientOutcome.Status.DEFERRED;
        QueueManager qm = manager(spool);
        qm.runDue().join();
        script = RecipientOutcome.Status.DELIVERED;
        qm.flush();
        qm.runDue().join();
        assertThat(attempts).hasSize(2);
        assertThat(queued(spool)).isZero();
    }

    @Test
    void requireTls_isRefusedWith5730_neverDeliveredWithoutIt() throws Exception {
        Spool spool = Spool.open(dir, clock);
        String id = spool.enqueue(new QueueEnvelope("alice@source.com", List.of(QueueEnvelope.Recipient.of(
                "bob@destination.com")), java.util.Optional.empty(), QueueEnvelope.Ret.DEFAULT, true, "test"),
                SpoolTest.content("secret"));
        script = RecipientOutcome.Status.DELIVERED;
        manager(spool).runDue().join();

        assertThat(attempts).isEmpty();
        assertThat(spool.locate(id)).isEmpty();
        List<String> incoming = spool.list(QueueState.INCOMING);
        assertThat(incoming).hasSize(1);
        String dsn = new String(spool.load(QueueState.INCOMING, incoming.get(0)).orElseThrow().content(),
                StandardCharsets.UTF_8);
        assertThat(dsn).contains("Status: 5.7.30").contains("REQUIRETLS");
    }

    @Test
    void lifetimeExpiry_bouncesWithDsnToSender() throws Exception {
        Spool spool = Spool.open(dir, clock);
        String id = spool.enqueue(SpoolTest.envelope("alice@source.com", "bob@destination.com"),
                SpoolTest.content("lost"));
        script = RecipientOutcome.Status.DEFERRED;
        code = "4.7.5";
        QueueManager qm = manager(spool);
        qm.runDue().join();
        clock.advance(Duration.ofDays(5));
        qm.flush();
        qm.runDue().join();

        assertThat(spool.locate(id)).isEmpty();
        List<String> incoming = spool.list(QueueState.INCOMING);
        assertThat(incoming).hasSize(1);
        QueuedMessage dsn = spool.load(QueueState.INCOMING, incoming.get(0)).orElseThrow();
        assertThat(dsn.envelope().sender()).isEmpty();
        assertThat(dsn.envelope().recipients()).extracting(QueueEnvelope.Recipient::address)
                .containsExactly("alice@source.com");
        String text = new String(dsn.content(), StandardCharsets.UTF_8);
        assertThat(text)
                .contains("Content-Type: multipart/report; report-type=delivery-status;")
                .contains("Content-Type: message/delivery-status")
                .contains("Reporting-MTA: dns; smtp.source.com")
                .contains("Arrival-Date: Wed, 1 May 2024 10:00:00 GMT")
                .contains("Final-Recipient: rfc822; bob@destination.com")
                .contains("Action: failed")
                .contains("Status: 4.7.5")
                .contains("Diagnostic-Code: X-mxguard; message expired after 5 days")
                .contains("Content-Type: message/rfc822")
                .contains("Subject: lost");
    }

    @Test
    void tlsFailuresDefer_neverBounce_beforeLifetime() throws Exception {
        Spool spool = Spool.open(dir, clock);
        String id = spool.enqueue(SpoolTest.envelope("alice@source.com", "bob@destination.com"), SpoolTest.content("x"));
        script = RecipientOutcome.Status.DEFERRED;
        code = "4.7.5";
        QueueManager qm = manager(spool);
        for (int i = 0; i < 10; i++) {
            qm.runDue().join();
            clock.advance(Duration.ofHours(4));
        }
        assertThat(spool.locate(id)).contains(QueueState.DEFERRED);
        assertThat(spool.list(QueueState.INCOMING)).isEmpty(); // no DSN (no DELAY asked)
    }

    @Test
    void nullSender_neverBounced() throws Exception {
        Spool spool = Spool.open(dir, clock);
        spool.enqueue(SpoolTest.envelope("", "bob@destination.com"), SpoolTest.content("a bounce"));
        script = RecipientOutcome.Status.BOUNCED;
        code = "5.1.1";
        manager(spool).runDue().join();
        assertThat(queued(spool)).isZero();
    }

    @Test
    void notifyNever_noDsn_notifySuccess_relayedDsn() throws Exception {
        Spool spool = Spool.open(dir, clock);
        spool.enqueue(new QueueEnvelope("alice@source.com", List.of(new QueueEnvelope.Recipient("bob@destination.com",
                Set.of(DsnNotify.NEVER), Optional.empty())), Optional.empty(), QueueEnvelope.Ret.DEFAULT,
                false, "x"), SpoolTest.content("x"));
        script = RecipientOutcome.Status.BOUNCED;
        code = "5.1.1";
        QueueManager qm = manager(spool);
        qm.runDue().join();
        assertThat(queued(spool)).isZero();

        spool.enqueue(new QueueEnvelope("alice@source.com", List.of(new QueueEnvelope.Recipient("bob@destination.com",
                Set.of(DsnNotify.SUCCESS), Optional.of("rfc822;Bob@destination.com"))),
                Optional.of("ENV42"), QueueEnvelope.Ret.DEFAULT, false, "x"), SpoolTest.content("x"));
        script = RecipientOutcome.Status.DELIVERED;
        code = "2.0.0";
        qm.runDue().join();
        QueuedMessage dsn = spool.load(QueueState.INCOMING, spool.list(QueueState.INCOMING).get(0)).orElseThrow();
        assertThat(new String(dsn.content(), StandardCharsets.UTF_8))
                .contains("Action: relayed", "Status: 2.0.0", "Original-Envelope-Id: ENV42",
                        "Original-Recipient: rfc822;Bob@destination.com", "Content-Type: text/rfc822-headers")
                .doesNotContain("Hello");
    }

    @Test
    void notifySuccess_nextHopWithoutDsn_relayedDsn_nextHopWithDsn_none() throws Exception {
        Spool spool = Spool.open(dir, clock);
        QueueManager qm = manager(spool);
        QueueEnvelope wantsSuccess = new QueueEnvelope("alice@source.com", List.of(new QueueEnvelope.Recipient(
                "bob@destination.com", Set.of(DsnNotify.SUCCESS), Optional.empty())), Optional.empty(),
                QueueEnvelope.Ret.DEFAULT, false, "x");

        // RFC 3461 §5.2.1: the next hop got NOTIFY=SUCCESS, so the success report is its to send, not ours
        nextHopDsn = Optional.of(true);
        spool.enqueue(wantsSuccess, SpoolTest.content("handed over"));
        qm.runDue().join();
        assertThat(queued(spool)).as("no DSN of ours").isZero();

        // §5.2.2(b): the next hop does not do DSN: we report "relayed"
        nextHopDsn = Optional.of(false);
        spool.enqueue(wantsSuccess, SpoolTest.content("relayed"));
        qm.runDue().join();
        List<String> incoming = spool.list(QueueState.INCOMING);
        assertThat(incoming).hasSize(1);
        QueuedMessage dsn = spool.load(QueueState.INCOMING, incoming.get(0)).orElseThrow();
        assertThat(new String(dsn.content(), StandardCharsets.UTF_8)).contains("Action: relayed\r\n")
                .contains("Subject: relayed\r\n").doesNotContain("Action: delivered");
        // §6.1: the DSN itself is relayed without RET, and with NOTIFY=NEVER
        assertThat(dsn.envelope().ret()).isEqualTo(QueueEnvelope.Ret.DEFAULT);
        assertThat(dsn.envelope().recipients()).extracting(QueueEnvelope.Recipient::notifyOn)
                .containsExactly(Set.of(DsnNotify.NEVER));
    }

    @Test
    void dsnParametersReceived_reachTheDelivery_orcptAddedWhereNoneCame() throws Exception {
        Spool spool = Spool.open(dir, clock);
        spool.enqueue(new QueueEnvelope("alice@source.com", List.of(
                new QueueEnvelope.Recipient("bob@destination.com", Set.of(DsnNotify.SUCCESS,
                        DsnNotify.FAILURE), Optional.of("rfc822;Bob+2Bx@Destination.com")),
                QueueEnvelope.Recipient.of("carol@destination.com")), Optional.of("QQ+2B314159"),
                QueueEnvelope.Ret.HDRS, false, "x"), SpoolTest.content("x"));
        manager(spool).runDue().join();

        assertThat(envelopes).hasSize(1);
        Envelope e = envelopes.get(0);
        assertThat(e.recipients()).containsExactly("bob@destination.com", "carol@destination.com");
        assertThat(e.dsn().ret()).contains(DsnParameters.Ret.HDRS);
        assertThat(e.dsn().envelopeId()).contains("QQ+2B314159");
        assertThat(e.dsn().recipient(0)).isEqualTo(new DsnParameters.Rcpt(Set.of(DsnNotify.SUCCESS,
                DsnNotify.FAILURE), Optional.of("rfc822;Bob+2Bx@Destination.com")));
        assertThat(e.dsn().recipient(1)).isEqualTo(new DsnParameters.Rcpt(Set.of(),
                Optional.of("rfc822;carol@destination.com")));
    }

    @Test
    void attemptThatExpires_listenerToldExpired_reportShowsTheBounce() throws Exception {
        Spool spool = Spool.open(dir, clock);
        String id = spool.enqueue(SpoolTest.envelope("alice@source.com", "Bob@destination.com"),
                SpoolTest.content("lost"));
        script = RecipientOutcome.Status.DEFERRED;
        code = "4.7.5";
        List<String> told = Collections.synchronizedList(new ArrayList<>());
        QueueManager qm = manager(spool);
        qm.onAttempt((queueId, arrival, domain, report, expired) -> report.recipients().forEach(o -> told.add(
                queueId + " " + o.recipient() + " " + o.status() + " " + expired + " " + o.reason())));
        qm.runDue().join();
        clock.advance(Duration.ofDays(5));
        qm.flush();
        qm.runDue().join();

        assertThat(told).containsExactly(
                id + " Bob@destination.com DEFERRED [] DANE authentication failed for every MX host",
                id + " Bob@destination.com BOUNCED [bob@destination.com] message expired after 5 days in the queue; "
                        + "last error: DANE authentication failed for every MX host");
    }

    @Test
    void notifyDelay_oneDelayNoticeAfterFourHours() throws Exception {
        Spool spool = Spool.open(dir, clock);
        String id = spool.enqueue(new QueueEnvelope("alice@source.com", List.of(new QueueEnvelope.Recipient(
                "bob@destination.com", Set.of(DsnNotify.DELAY, DsnNotify.FAILURE),
                Optional.empty())), Optional.empty(), QueueEnvelope.Ret.DEFAULT, false, "x"), SpoolTest.content("x"));
        script = RecipientOutcome.Status.DEFERRED;
        code = "4.4.1";
        QueueManager qm = manager(spool);
        for (int i = 0; i < 4; i++) {
            qm.runDue().join();
            clock.advance(Duration.ofHours(2));
            qm.flush();
        }
        qm.runDue().join();
        // one notice (itself queued and retried like any message: same bytes on every attempt)
        assertThat(toSender.stream().distinct()).hasSize(1);
        assertThat(toSender.get(0)).contains("Action: delayed", "Status: 4.4.1", "Will-Retry-Until:");
        assertThat(spool.locate(id)).contains(QueueState.DEFERRED);
    }

    @Test
    void restart_recoversActiveIncomingAndDeferred_corruptSetAside() throws Exception {
        Spool spool = Spool.open(dir, clock);
        String a = spool.enqueue(SpoolTest.envelope("alice@source.com", "a@destination.com"), SpoolTest.content("a"));
        String b = spool.enqueue(SpoolTest.envelope("alice@source.com", "b@destination.com"), SpoolTest.content("b"));
        String c = spool.enqueue(SpoolTest.envelope("alice@source.com", "c@destination.com"), SpoolTest.content("c"));
        String bad = spool.enqueue(SpoolTest.envelope("alice@source.com", "x@destination.com"), SpoolTest.content("x"));
        spool.move(a, QueueState.INCOMING, QueueState.ACTIVE);   // crashed mid-delivery
        spool.move(b, QueueState.INCOMING, QueueState.DEFERRED); // waiting for a retry
        Path badFile = dir.resolve("incoming").resolve(bad);
        Files.writeString(badFile, "mxguard-queue 1\nid " + bad + "\n"); // truncated, no END

        Spool again = Spool.open(dir, clock);
        manager(again).start();
        manager.flush();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (queued(again) > 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(attempts).containsExactlyInAnyOrder("a@destination.com", "b@destination.com", "c@destination.com");
        assertThat(queued(again)).isZero();
        assertThat(dir.resolve("corrupt").resolve(bad)).exists();
        assertThat(c).isNotNull();
    }

    @Test
    void perDestinationLimit_isHonoured() throws Exception {
        AtomicInteger now = new AtomicInteger();
        AtomicInteger peak = new AtomicInteger();
        DomainDelivery slow = (domain, envelope, content) -> {
            peak.accumulateAndGet(now.incrementAndGet(), Math::max);
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            now.decrementAndGet();
            return fake.attempt(domain, envelope, content);
        };
        Spool spool = Spool.open(dir, clock);
        for (int i = 0; i < 8; i++) {
            spool.enqueue(SpoolTest.envelope("alice@source.com", "bob@destination.com"), SpoolTest.content("m" + i));
        }
        manager = new QueueManager(spool, slow, config, clock);
        manager.runDue().join();
        assertThat(peak.get()).isEqualTo(2);
        assertThat(queued(spool)).isZero();
    }

    @Test
    void busyDestination_neverStarvesAnother_waitingMessagesHoldNoThread() throws Exception {
        CountDownLatch busyMayAnswer = new CountDownLatch(1);
        List<Name> delivered = Collections.synchronizedList(new ArrayList<>());
        DomainDelivery stuckAtBusy = (domain, envelope, content) -> {
            if (domain.toString().equals("busy.example.")) {
                try {
                    busyMayAnswer.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            delivered.add(domain);
            return fake.attempt(domain, envelope, content);
        };
        Spool spool = Spool.open(dir, clock);
        for (int i = 0; i < 6; i++) {
            spool.enqueue(SpoolTest.envelope("alice@source.com", "bob@busy.example"), SpoolTest.content("b" + i));
        }
        clock.advance(Duration.ofSeconds(1)); // a later id: launched after all of busy.example's
        spool.enqueue(SpoolTest.envelope("alice@source.com", "carol@other.example"), SpoolTest.content("o"));
        // 4 threads, 2 per destination (the defaults): 6 messages for a stuck destination used to hold all 4.
        manager = new QueueManager(spool, stuckAtBusy, config, clock);
        CompletableFuture<Void> pass = manager.runDue();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!delivered.contains(Name.fromConstantString("other.example.")) && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertThat(delivered).as("other.example went while busy.example's attempts hung")
                    .containsExactly(Name.fromConstantString("other.example."));
        } finally {
            busyMayAnswer.countDown();
        }
        pass.get(30, TimeUnit.SECONDS);
        assertThat(delivered).hasSize(7);
        assertThat(queued(spool)).isZero();
    }

    private static int queued(Spool spool) throws Exception {
        int n = 0;
        for (QueueState s : List.of(QueueState.INCOMING, QueueState.ACTIVE, QueueState.DEFERRED, QueueState.HOLD)) {
            n += spool.list(s).size();
        }
        return n;
    }
}
