package io.mxguard.lab.scenario;

import io.mxguard.lab.dns.HijackRule;
import io.mxguard.lab.dns.HijackRule.Signatures;
import io.mxguard.lab.dns.LabAddresses;
import io.mxguard.lab.dns.LabZones;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import org.xbill.DNS.Name;

/**
 * Attack - a row of the lab matrix: what the attacker does (the resolver's lies, an on-path
 * STARTTLS stripper, the certificate its MX presents) and on which kind of destination (signed
 * with TLSA, signed without TLSA, unsigned). The expected outcome of every sender mode against it
 * lives in {@link Expectations}.
 */
public enum Attack {
    NONE("none", "no attack (baseline)", World.DANE, AttackerCert.SELF_SIGNED, false, a -> List.of()),
    MX_REWRITTEN("mx-rewritten", "resolver rewrites the MX to mx.attacker.net, RRSIGs stripped", World.DANE,
            AttackerCert.SELF_SIGNED, false, a -> List.of(HijackRule.rewriteMx(LabZones.DESTINATION, Names.ATTACKER_MX,
            Signatures.STRIP))),
    MX_STALE_SIGS("mx-stale-sigs", "resolver rewrites the MX, original RRSIGs kept", World.DANE,
            AttackerCert.SELF_SIGNED, false, a -> List.of(HijackRule.rewriteMx(LabZones.DESTINATION, Names.ATTACKER_MX,
            Signatures.KEEP_STALE))),
    MX_AD_SET("mx-ad-set", "resolver rewrites the MX and sets AD=1 (claims it validated)", World.DANE,
            AttackerCert.SELF_SIGNED, false, a -> List.of(HijackRule.rewriteMx(LabZones.DESTINATION, Names.ATTACKER_MX,
            Signatures.STRIP), HijackRule.setAd())),
    A_REWRITTEN("a-rewritten", "resolver rewrites the A record of mx.destination.com to the attacker", World.DANE,
            AttackerCert.SELF_SIGNED, false, a -> List.of(HijackRule.rewriteAddress(Names.BOB_MX, a.attackerMx(),
            Signatures.STRIP))),
    TLSA_DROPPED("tlsa-dropped", "resolver hides the TLSA record (NODATA, no proof) and sets AD=1", World.DANE,
            AttackerCert.SELF_SIGNED, false, a -> List.of(HijackRule.dropTlsa(HijackRule.Denial.NODATA), HijackRule.setAd())),
    STARTTLS_STRIPPED("starttls-stripped", "on-path attacker strips STARTTLS from Bob's EHLO reply", World.DANE,
            AttackerCert.SELF_SIGNED, true, a -> List.of()),
    ATTACKER_PKIX_CERT("attacker-pkix-cert", "MX rewritten; the attacker has a WebPKI-valid certificate for its own name",
            World.DANE, AttackerCert.PUBLIC_CA, false, a -> List.of(HijackRule.rewriteMx(LabZones.DESTINATION,
            Names.ATTACKER_MX, Signatures.STRIP))),
    NO_TLSA("no-tlsa", "destination signed but publishes no TLSA; STARTTLS stripped on the path", World.NO_TLSA,
            AttackerCert.SELF_SIGNED, true, a -> List.of()),
    UNSIGNED_ZONE("unsigned-zone", "destination zone unsigned; MX rewritten; attacker has a WebPKI-valid certificate",
            World.UNSIGNED, AttackerCert.PUBLIC_CA, false, a -> List.of(HijackRule.rewriteMx(LabZones.DESTINATION,
            Names.ATTACKER_MX, Signatures.STRIP)));

    /** The kind of destination the attack meets: a separate lab world each. */
    public enum World {
        /** destination.com signed, TLSA 3 1 1 published (the protected destination) */
        DANE,
        /** destination.com signed, no TLSA */
        NO_TLSA,
        /** destination.com unsigned (insecure delegation) */
        UNSIGNED
    }

    /** The certificate the attacker's MX presents in STARTTLS. */
    public enum AttackerCert {
        /** self-signed for mx.attacker.net: an ordinary attacker */
        SELF_SIGNED,
        /** issued by the lab public CA for mx.attacker.net, as any domain owner can get one */
        PUBLIC_CA
    }

    static final class Names {
        static final Name ATTACKER_MX = Name.fromConstantString("mx.attacker.net.");
        static final Name BOB_MX = Name.fromConstantString("mx.destination.com.");

        private Names() {
        }
    }

    private final String id;
    private final String description;
    private final World world;
    private final AttackerCert attackerCert;
    private final boolean onPath;
    private final Function<LabAddresses, List<HijackRule>> rules;

    Attack(String id, String description, World world, AttackerCert attackerCert, boolean onPath,
           Function<LabAddresses, List<HijackRule>> rules) {
        this.id = id;
        this.description = description;
        this.world = world;
        this.attackerCert = attackerCert;
        this.onPath = onPath;
        this.rules = rules;
    }

    public String id() {
        return id;
    }

    public String description() {
        return description;
    }

    public World world() {
        return world;
    }

    public AttackerCert attackerCert() {
        return attackerCert;
    }

    /** onPath - true when an on-path attacker strips STARTTLS between Alice and Bob's MX. */
    public boolean onPath() {
        return onPath;
    }

    /** rules - the resolver's lies; empty means Alice asks the honest resolver. */
    public List<HijackRule> rules(LabAddresses addresses) {
        return rules.apply(addresses);
    }

    public static Optional<Attack> byId(String id) {
        String wanted = id.toLowerCase(Locale.ROOT);
        for (Attack a : values()) {
            if (a.id.equals(wanted)) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }
}
