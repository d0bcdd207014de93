package io.mxguard.lab.sender;

import io.mxguard.policy.TlsLevel;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * SenderMode - how Alice's sender behaves in the lab (DESIGN §4): the TLS level it asks for and whose word it
 * takes for DNS. Each mode stands for a kind of real sender; the matrix runs every mode against every attack.
 *
 * <p>XXX: {@code mta-sts} (DESIGN §4) comes with the MTA-STS policy and its lab web server; it is not listed
 * here until the engine can enforce it, so no mode claims a protection it does not have.
 */
public enum SenderMode {
    /** Never STARTTLS, even if offered. */
    PLAINTEXT("plaintext", TlsLevel.NONE, Dns.TRUSTING,
            "no TLS at all, even when the server offers STARTTLS"),
    /** STARTTLS if offered, no verification (most of the Internet's MTAs). */
    OPPORTUNISTIC("opportunistic", TlsLevel.MAY, Dns.TRUSTING,
            "STARTTLS if offered, any certificate accepted, plaintext otherwise"),
    /** PKIX with the MX host name, trusting the lab public CA. */
    VERIFY("verify", TlsLevel.VERIFY, Dns.TRUSTING,
            "mandatory TLS, PKIX certificate for the MX host name (from the lab public CA)"),
    /** DANE, believing the resolver's AD bit, as Postfix, Exim and danecheck do. */
    DANE_TRUST_AD("dane-trust-ad", TlsLevel.DANE, Dns.AD_TRUSTING,
            "DANE where the resolver says AD=1 (as Postfix/Exim do), else opportunistic"),
    /** In-process DNSSEC validation from the lab root anchor, DANE at level dane: the default. */
    MXGUARD("mxguard", TlsLevel.DANE, Dns.VALIDATING,
            "mxguard: DNSSEC validated in-process from the lab root anchor, DANE where it applies");

    /** Dns - whose word the mode takes for DNS answers. */
    public enum Dns {
        /** believes every answer, signed or not: everything is INSECURE, so DANE never applies */
        TRUSTING,
        /** believes the upstream's AD bit: AD=1 is SECURE */
        AD_TRUSTING,
        /** validates DNSSEC itself from the lab trust anchor; never reads AD */
        VALIDATING
    }

    private final String id;
    private final TlsLevel level;
    private final Dns dns;
    private final String description;

    SenderMode(String id, TlsLevel level, Dns dns, String description) {
        this.id = id;
        this.level = level;
        this.dns = dns;
        this.description = description;
    }

    /** id - the spelling on the command line and in reports ("dane-trust-ad"). */
    public String id() {
        return id;
    }

    /** level - the TLS level the mode's local policy asks for (its default level; no minimum). */
    public TlsLevel level() {
        return level;
    }

    /** dns - which resolver the mode uses. */
    public Dns dns() {
        return dns;
    }

    /** description - one line for reports and help. */
    public String description() {
        return description;
    }

    /** byId - the mode spelled {@code id} (case-insensitive), or empty. */
    public static Optional<SenderMode> byId(String id) {
        String wanted = id.toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(m -> m.id.equals(wanted)).findFirst();
    }

    /** ids - "plaintext, opportunistic, ..." for error messages. */
    public static String ids() {
        return Arrays.stream(values()).map(SenderMode::id).collect(Collectors.joining(", "));
    }

    @Override
    public String toString() {
        return id;
    }
}
