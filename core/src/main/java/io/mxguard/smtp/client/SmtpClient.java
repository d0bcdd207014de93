package io.mxguard.smtp.client;

import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;

/**
 * SmtpClient - opens {@link SmtpSession}s with one set of {@link ClientOptions}; the two flows
 * delivery and the {@code probe} command need, each listed in one method.
 *
 * <p>Thread-safe: it holds only options; each session belongs to one thread.
 */
public final class SmtpClient {
    private final ClientOptions options;

    public SmtpClient(ClientOptions options) {
        this.options = Objects.requireNonNull(options, "options");
    }

    public SmtpClient() {
        this(ClientOptions.defaults());
    }

    /** connect - TCP connect to the route's address and read the 220 greeting. */
    public SmtpOutcome<SmtpSession> connect(InetSocketAddress address) {
        return SmtpSession.open(address, options);
    }

    /** TlsPlan - how to do STARTTLS on a route: the caller's trust decisions, SNI, and whether TLS is required. */
    public record TlsPlan(SSLContext context, String sni, TlsRequirement requirement) {
        public TlsPlan {
            Objects.requireNonNull(context, "context");
            Objects.requireNonNull(requirement, "requirement");
        }
    }

    /** Probed - what a probe learned: greeting, EHLO before and after TLS, and the TLS state. */
    public record Probed(io.mxguard.smtp.Reply greeting, io.mxguard.smtp.Extensions beforeTls, TlsState tls,
                         io.mxguard.smtp.Extensions afterTls) {
    }

    /** Delivered - a completed transaction and the TLS it ran over. */
    public record Delivered(Transaction transaction, TlsState tls) {
    }

    /** probe - connect, EHLO, STARTTLS (when planned), QUIT; never MAIL FROM. */
    public SmtpOutcome<Probed> probe(InetSocketAddress address, String heloName, Optional<TlsPlan> plan) {
        SmtpOutcome<SmtpSession> connected = connect(address);
        if (!connected.isOk()) {
            return SmtpOutcome.failed(connected.failure());
        }
        try (SmtpSession session = connected.value()) {
            SmtpOutcome<io.mxguard.smtp.Extensions> ehlo = session.ehlo(heloName);
            if (!ehlo.isOk()) {
                return SmtpOutcome.failed(ehlo.failure());
            }
            SmtpOutcome<TlsState> tls = plan.isPresent() ? startTls(session, plan.get())
                    : SmtpOutcome.ok(session.tlsState());
            if (!tls.isOk()) {
                return SmtpOutcome.failed(tls.failure());
            }
            Probed probed = new Probed(session.greeting(), ehlo.value(), tls.value(), session.extensions());
            session.quit();
            return SmtpOutcome.ok(probed);
        }
    }

    /** deliver - connect → EHLO → STARTTLS per plan → one transaction → QUIT. */
    public SmtpOutcome<Delivered> deliver(InetSocketAddress address, String heloName, Optional<TlsPlan> plan,
                                          Envelope envelope, byte[] message) {
        SmtpOutcome<SmtpSession> ready = ready(address, heloName, plan);
        if (!ready.isOk()) {
            return SmtpOutcome.failed(ready.failure());
        }
        try (SmtpSession session = ready.value()) {
            SmtpOutcome<Transaction> sent = session.send(envelope, message);
            session.quit();
            return sent.map(t -> new Delivered(t, session.tlsState()));
        }
    }

    /**
     * ready - connect → EHLO → STARTTLS per plan: a session ready for transactions, which the caller
     * owns (and QUITs). On failure the session is already closed.
     */
    public SmtpOutcome<SmtpSession> ready(InetSocketAddress address, String heloName, Optional<TlsPlan> plan) {
        SmtpOutcome<SmtpSession> connected = connect(address);
        if (!connected.isOk()) {
            return connected;
        }
        SmtpSession session = connected.value();
        SmtpOutcome<?> step;
        try {
            step = session.ehlo(heloName);
            if (step.isOk() && plan.isPresent()) {
                step = startTls(session, plan.get());
            }
        } catch (RuntimeException e) {
            session.close();
            throw e;
        }
        if (!step.isOk()) {
            session.close();
            return SmtpOutcome.failed(step.failure());
        }
        return SmtpOutcome.ok(session);
    }

    private static SmtpOutcome<TlsState> startTls(SmtpSession session, TlsPlan plan) {
        return session.startTls(plan.context(), plan.sni(), plan.requirement());
    }
}
