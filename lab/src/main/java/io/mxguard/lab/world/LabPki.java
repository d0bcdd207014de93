package io.mxguard.lab.world;

import io.mxguard.pki.CertificateSpec;
import io.mxguard.pki.Certificates;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * LabPki - the lab's certificate authorities and the MX certificates they issued, fresh per run.
 *
 * <p>The <b>public CA</b> stands for the WebPKI: anyone can get a certificate from it for a name
 * they control, so it issued both Bob's {@code mx.destination.com} and the attacker's
 * {@code mx.attacker.net} (DESIGN §4). A PKIX {@code verify} sender trusts exactly this CA.
 * <b>Bob's private CA</b> is trusted by nobody's PKIX store; it exists for DANE-TA scenarios
 * ({@link Issuer#PRIVATE_CA}). All keys are EC P-256 (about a millisecond each). Validity is
 * relative to {@code now}: CAs one day back to ten years ahead, leaves one day back to 90 days
 * ahead, so a frozen lab clock still sees valid certificates. Immutable.
 */
public final class LabPki {
    /** Host name of Bob's MX in the seed, as certificates and SNI spell it (no trailing dot). */
    public static final String BOB_MX = "mx.destination.com";
    /** Host name of the attacker's MX in the seed. */
    public static final String ATTACKER_MX = "mx.attacker.net";

    /** Issuer - which CA issued Bob's MX certificate. */
    public enum Issuer {
        /** The lab "public" CA: PKIX senders accept Bob (the usual deployment). */
        PUBLIC_CA,
        /** Bob's private CA: only DANE-TA (or DANE-EE) authenticates Bob; PKIX senders refuse him. */
        PRIVATE_CA
    }

    private static final Duration BACKDATE = Duration.ofDays(1);
    private static final Duration CA_LIFETIME = Duration.ofDays(3650);
    private static final Duration LEAF_LIFETIME = Duration.ofDays(90);

    private final Instant now;
    private final Certificates.Issued publicCa;
    private final Certificates.Issued bobPrivateCa;
    private final Certificates.Issued bobCa;
    private final Certificates.Issued bob;
    private final Certificates.Issued attacker;

    private LabPki(Instant now, Issuer bobIssuer) {
        this.now = now;
        this.publicCa = Certificates.issue(CertificateSpec.authority("mxguard lab public CA",
                now.minus(BACKDATE), now.plus(CA_LIFETIME)), null);
        this.bobPrivateCa = Certificates.issue(CertificateSpec.authority("destination.com private CA",
                now.minus(BACKDATE), now.plus(CA_LIFETIME)), null);
        this.bobCa = bobIssuer == Issuer.PUBLIC_CA ? publicCa : bobPrivateCa;
        this.bob = leaf(bobCa, BOB_MX);
        this.attacker = leaf(publicCa, ATTACKER_MX);
    }

    /** mint - fresh CAs and MX certificates valid at {@code now}; Bob's issued by {@code bobIssuer}. */
    public static LabPki mint(Instant now, Issuer bobIssuer) {
        return new LabPki(Objects.requireNonNull(now, "now"), Objects.requireNonNull(bobIssuer, "bobIssuer"));
    }

    /** issuePublic - what the WebPKI gives anyone controlling these names: a public-CA certificate. */
    public Certificates.Issued issuePublic(String... names) {
        return leaf(publicCa, names);
    }

    private Certificates.Issued leaf(Certificates.Issued ca, String... names) {
        return Certificates.issue(CertificateSpec.server(now.minus(BACKDATE), now.plus(LEAF_LIFETIME), names), ca);
    }

    /** publicCa - the lab WebPKI root: the only CA a PKIX sender in the lab trusts. */
    public Certificates.Issued publicCa() {
        return publicCa;
    }

    /** bobPrivateCa - Bob's own CA (the issuer of Bob's certificate only with {@link Issuer#PRIVATE_CA}). */
    public Certificates.Issued bobPrivateCa() {
        return bobPrivateCa;
    }

    /** bob - Bob's MX certificate for {@code mx.destination.com}, chain up to and including its CA. */
    public Certificates.Issued bob() {
        return bob;
    }

    /** attacker - the attacker's public-CA certificate for its own name, {@code mx.attacker.net}. */
    public Certificates.Issued attacker() {
        return attacker;
    }

    /** bobIssuer - the CA certificate that issued Bob's MX certificate (what {@code 2 0 1} digests). */
    public Certificates.Issued bobIssuer() {
        return bobCa;
    }
}
