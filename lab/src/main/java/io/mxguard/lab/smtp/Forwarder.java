package io.mxguard.lab.smtp;

import io.mxguard.smtp.EnhancedStatus;
import io.mxguard.smtp.client.ClientOptions;
import io.mxguard.smtp.client.Envelope;
import io.mxguard.smtp.client.SmtpClient;
import io.mxguard.smtp.client.SmtpFailure;
import io.mxguard.smtp.client.SmtpOutcome;
import io.mxguard.smtp.client.TlsRequirement;
import io.mxguard.tls.InsecureTrustManager;
import io.mxguard.tls.TlsContexts;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Forwarder - relays a server's accepted messages, one at a time and in order, to its next hop as an
 * MTA would: EHLO with the server's own name, opportunistic STARTTLS that trusts any certificate (a
 * relaying attacker does not care who it talks to), SNI the next hop's name, the envelope unchanged.
 */
final class Forwarder implements AutoCloseable {
    private final LabMailServer.Relay relay;
    private final String helo;
    private final SmtpClient client;
    private final ExecutorService worker;
    private final List<ForwardedMessage> forwarded = new CopyOnWriteArrayList<>();
    private final Object progress = new Object();

    Forwarder(LabMailServer.Relay relay, String helo) {
        this.relay = relay;
        this.helo = helo;
        this.client = new SmtpClient(ClientOptions.defaults().withAllTimeouts(relay.timeout()));
        this.worker = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "lab-smtp-forward:" + relay.nextHopHost());
            t.setDaemon(true);
            return t;
        });
    }

    /** submit - relay {@code message} after those already queued; returns at once. */
    void submit(ReceivedMessage message) {
        try {
            worker.execute(() -> record(message, relay(message)));
        } catch (RejectedExecutionException e) {
            // the server is closing: the message stays stored, unrelayed
        }
    }

    private SmtpOutcome<SmtpClient.Delivered> relay(ReceivedMessage message) {
        Optional<SmtpClient.TlsPlan> tls = Optional.of(new SmtpClient.TlsPlan(
                TlsContexts.clientContext(new InsecureTrustManager()), relay.nextHopHost(), TlsRequirement.OPPORTUNISTIC));
        try {
            return client.deliver(relay.nextHop(), helo, tls, new Envelope(message.mailFrom(), message.rcptTo()),
                    message.data());
        } catch (RuntimeException e) {
            // Unknown errors are temporary (STYLE 4); the record says what happened either way.
            return SmtpOutcome.failed(new SmtpFailure(SmtpFailure.Kind.PROTOCOL_ERROR, SmtpFailure.Stage.CONNECT,
                    false, SmtpFailure.Fault.NETWORK, EnhancedStatus.of("4.4.0"), Optional.empty(),
                    "relay failed: " + e));
        }
    }

    private void record(ReceivedMessage message, SmtpOutcome<SmtpClient.Delivered> outcome) {
        forwarded.add(new ForwardedMessage(message, relay.nextHop(), Instant.now(), outcome));
        synchronized (progress) {
            progress.notifyAll();
        }
    }

    List<ForwardedMessage> forwarded() {
        return List.copyOf(forwarded);
    }

    /** await - wait until at least {@code count} relays have ended or {@code timeout} passed; what ended by then. */
    List<ForwardedMessage> await(int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (progress) {
            while (forwarded.size() < count) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                TimeUnit.NANOSECONDS.timedWait(progress, left);
            }
        }
        return forwarded();
    }

    @Override
    public void close() {
        worker.shutdownNow();
        try {
            worker.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
