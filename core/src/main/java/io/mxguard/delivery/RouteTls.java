package io.mxguard.delivery;

import io.mxguard.dane.DaneResult;
import io.mxguard.dane.DaneTrustManager;
import io.mxguard.policy.Assurance;
import io.mxguard.policy.TlsMode;
import io.mxguard.policy.TlsRequirement;
import io.mxguard.smtp.client.SmtpClient;
import io.mxguard.smtp.client.TlsState;
import io.mxguard.tls.InsecureTrustManager;
import io.mxguard.tls.PkixResult;
import io.mxguard.tls.PkixTrustManager;
import io.mxguard.tls.ServerTrustManager;
import io.mxguard.tls.TlsContexts;
import java.util.Optional;
import org.xbill.DNS.Name;

/**
 * RouteTls - turns one route's {@link TlsRequirement} into what the SMTP client does (STARTTLS or
 * not, required or opportunistic, which trust manager, which SNI), and the finished session into
 * the {@link TlsOutcome} it achieved. One instance per connection: the trust manager remembers why
 * it refused a peer.
 */
final class RouteTls {
    private final TlsRequirement requirement;
    private final ServerTrustManager trustManager;
    private final Optional<SmtpClient.TlsPlan> plan;

    private RouteTls(TlsRequirement requirement, ServerTrustManager trustManager, Optional<SmtpClient.TlsPlan> plan) {
        this.requirement = requirement;
        this.trustManager = trustManager;
        this.plan = plan;
    }

    /** forRoute - the STARTTLS plan for {@code host} under {@code requirement}. */
    static RouteTls forRoute(Name host, TlsRequirement requirement, DeliveryOptions options) {
        TlsMode mode = requirement.mode();
        ServerTrustManager tm;
        String sni;
        switch (mode.kind()) {
            case NO_TLS -> {
                return new RouteTls(requirement, null, Optional.empty());
            }
            case DANE -> {
                TlsMode.Dane dane = (TlsMode.Dane) mode;
                tm = new DaneTrustManager(dane.records(), dane.referenceNames(), options.clock());
                sni = dane.referenceNames().sniName(); // RFC 7672 §8.1: SNI = TLSA base domain
            }
            case PKIX -> {
                tm = pkix((TlsMode.Pkix) mode, options);
                sni = host.toString(true);
            }
            default -> {
                tm = new InsecureTrustManager();
                sni = host.toString(true);
            }
        }
        io.mxguard.smtp.client.TlsRequirement how = requirement.mandatoryTls()
                ? io.mxguard.smtp.client.TlsRequirement.REQUIRED
                : io.mxguard.smtp.client.TlsRequirement.OPPORTUNISTIC;
        return new RouteTls(requirement, tm, Optional.of(new SmtpClient.TlsPlan(TlsContexts.clientContext(tm), sni, how)));
    }

    /** pkix - the PKIX trust manager for a verify/secure route: configured roots, or the JDK's. */
    static PkixTrustManager pkix(TlsMode.Pkix pkix, DeliveryOptions options) {
        return options.configuredRoots()
                .map(roots -> PkixTrustManager.trusting(roots, pkix.referenceNames(), options.clock()))
                .orElseGet(() -> PkixTrustManager.systemDefault(pkix.referenceNames(), options.clock()));
    }

    Optional<SmtpClient.TlsPlan> plan() {
        return plan;
    }

    /** outcome - the level a finished session reached: the policy's promise if TLS came up and the peer passed. */
    TlsOutcome outcome(TlsState state) {
        if (!(state instanceof TlsState.Encrypted encrypted)) {
            return TlsOutcome.NONE;
        }
        var facts = encrypted.facts();
        Assurance level = requirement.authenticated() ? requirement.onSuccess() : Assurance.UNTRUSTED;
        return new TlsOutcome(level, how(), facts.protocol(), facts.cipherSuite());
    }

    /** refusal - why the trust manager refused the peer, when it did (for logs and TLS-RPT). */
    Optional<String> refusal() {
        if (trustManager instanceof DaneTrustManager dane) {
            return dane.result().filter(r -> r instanceof DaneResult.Failed)
                    .map(r -> "DANE " + ((DaneResult.Failed) r).reason() + ": " + ((DaneResult.Failed) r).message());
        }
        if (trustManager instanceof PkixTrustManager pkix) {
            return pkix.result().filter(r -> r instanceof PkixResult.Failed)
                    .map(r -> "PKIX " + ((PkixResult.Failed) r).reason() + ": " + ((PkixResult.Failed) r).message());
        }
        return Optional.empty();
    }

    private String how() {
        if (trustManager instanceof DaneTrustManager dane) {
            return dane.result().filter(r -> r instanceof DaneResult.Matched)
                    .map(r -> ((DaneResult.Matched) r).usage() == DaneResult.Usage.DANE_EE ? "DANE-EE" : "DANE-TA")
                    .orElse("DANE");
        }
        return trustManager instanceof PkixTrustManager ? "PKIX" : "";
    }
}
