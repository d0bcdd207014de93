package io.mxguard.lab.scenario;

import io.mxguard.dns.Security;
import io.mxguard.lab.dns.HijackRule;
import io.mxguard.lab.dns.HijackRule.Denial;
import io.mxguard.lab.dns.HijackRule.Signatures;
import io.mxguard.lab.dns.LabAddresses;
import io.mxguard.lab.dns.LabZones;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.Type;

/**
 * DnsAttack - the DNS half of the lab's attack table: what the attacker's resolver does, which
 * question Alice's server asks, and the verdict our validator must reach, with the reason in one
 * line. This is the table of expectations; {@link DnsAttackRunner} checks it against a running
 * {@code DnsWorld}.
 */
public enum DnsAttack {
    NONE("none", "honest resolver, no attack", LabZones.DESTINATION, Type.MX, Expect.SECURE,
            "Signatures chain from the lab root anchor to destination.com", a -> List.of()),
    MX_REWRITTEN("mx-rewritten", "MX rewritten to mx.attacker.net, RRSIGs stripped", LabZones.DESTINATION, Type.MX,
            Expect.BOGUS, "The zone destination.com is signed (DS in com.), so an unsigned MX RRset is bogus",
            a -> List.of(HijackRule.rewriteMx(LabZones.DESTINATION, Names.ATTACKER_MX, Signatures.STRIP))),
    MX_REWRITTEN_STALE_SIGS("mx-stale-sigs", "MX rewritten, original RRSIGs kept", LabZones.DESTINATION, Type.MX,
            Expect.BOGUS, "The kept signature no longer matches the forged data",
            a -> List.of(HijackRule.rewriteMx(LabZones.DESTINATION, Names.ATTACKER_MX, Signatures.KEEP_STALE))),
    MX_REWRITTEN_AD_SET("mx-ad-set", "MX rewritten and AD=1 set (a lying resolver)", LabZones.DESTINATION, Type.MX,
            Expect.BOGUS, "We never read the AD bit; we check the signatures ourselves",
            a -> List.of(HijackRule.rewriteMx(LabZones.DESTINATION, Names.ATTACKER_MX, Signatures.STRIP), HijackRule.setAd())),
    A_REWRITTEN("a-rewritten", "A of mx.destination.com rewritten to the attacker", Names.BOB_MX, Type.A,
            Expect.BOGUS, "The address RRset is signed too; the forged one is not",
            a -> List.of(HijackRule.rewriteAddress(Names.BOB_MX, a.attackerMx(), Signatures.STRIP))),
    TLSA_DROPPED("tlsa-dropped", "TLSA answer suppressed (NODATA without proof)", null, Type.TLSA,
            Expect.BOGUS, "A denial in a signed zone needs a signed NSEC proof; hiding DANE fails",
            a -> List.of(HijackRule.dropTlsa(Denial.NODATA))),
    DNSSEC_STRIPPED("dnssec-stripped", "every RRSIG, NSEC, DS and DNSKEY stripped", LabZones.DESTINATION, Type.MX,
            Expect.BOGUS, "Without signatures nothing chains to the anchor; the start-up check reports the resolver",
            a -> List.of(HijackRule.stripDnssec())),
    ADDITIONAL_INJECTED("additional-injected", "forged A for mx.destination.com injected in ADDITIONAL", LabZones.DESTINATION, Type.MX,
            Expect.SECURE, "Only ANSWER and AUTHORITY are validated, and ADDITIONAL is never read",
            a -> List.of(HijackRule.injectAdditional(new ARecord(Names.BOB_MX, DClass.IN, 3600, a.attackerMx())))),
    AD_ONLY("ad-only", "honest data, AD=1 forged", LabZones.DESTINATION, Type.MX,
            Expect.SECURE, "A forged AD bit changes nothing: the verdict is our own",
            a -> List.of(HijackRule.setAd())),
    NXDOMAIN("nxdomain", "a name that does not exist", Names.NOSUCH, Type.A,
            Expect.SECURE, "NXDOMAIN proven by signed NSEC records", a -> List.of()),
    UNSIGNED("unsigned", "unsigned.com has no DNSSEC (no DS in com.)", LabZones.UNSIGNED, Type.MX,
            Expect.INSECURE, "Provably unsigned: DNSSEC cannot protect it (MTA-STS will)", a -> List.of()),
    UNSIGNED_MX_REWRITTEN("unsigned-mx-rewritten", "unsigned.com MX rewritten to the attacker", LabZones.UNSIGNED, Type.MX,
            Expect.INSECURE, "The limit of DNSSEC: an unsigned domain's forged MX looks the same as a real one",
            a -> List.of(HijackRule.rewriteMx(LabZones.UNSIGNED, Names.ATTACKER_MX, Signatures.STRIP)));

    /** The verdict the validator must reach. */
    public enum Expect {
        SECURE, INSECURE, BOGUS;

        public boolean matches(Security security) {
            return security.name().equals(name());
        }
    }

    /** Names the table uses (in a holder: enum constants cannot read the enum's own statics). */
    static final class Names {
        static final Name ATTACKER_MX = Name.fromConstantString("mx.attacker.net.");
        static final Name BOB_MX = Name.fromConstantString("mx.destination.com.");
        static final Name NOSUCH = Name.fromConstantString("nosuch.destination.com.");

        private Names() {
        }
    }

    private final String id;
    private final String description;
    private final Name question;
    private final int type;
    private final Expect expect;
    private final String why;
    private final Function<LabAddresses, List<HijackRule>> rules;

    DnsAttack(String id, String description, Name question, int type, Expect expect, String why,
              Function<LabAddresses, List<HijackRule>> rules) {
        this.id = id;
        this.description = description;
        this.question = question;
        this.type = type;
        this.expect = expect;
        this.why = why;
        this.rules = rules;
    }

    /** id - the name used by {@code --scenario}. */
    public String id() {
        return id;
    }

    public String description() {
        return description;
    }

    /** question - the name asked; the TLSA owner of Bob's MX depends on the SMTP port. */
    public Name question(LabZones zones) {
        return question != null ? question : zones.tlsaName(zones.bobMxHost());
    }

    public int type() {
        return type;
    }

    public Expect expect() {
        return expect;
    }

    /** why - one line: the reason for the expected verdict. */
    public String why() {
        return why;
    }

    /** rules - what the hijacking resolver does in this scenario. */
    public List<HijackRule> rules(LabAddresses addresses) {
        return rules.apply(addresses);
    }

    /** byId - the scenario named {@code id} (case-insensitive). */
    public static Optional<DnsAttack> byId(String id) {
        String wanted = id.toLowerCase(Locale.ROOT);
        for (DnsAttack attack : values()) {
            if (attack.id.equals(wanted)) {
                return Optional.of(attack);
            }
        }
        return Optional.empty();
    }
}
