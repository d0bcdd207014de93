package io.mxguard.lab.scenario;

import io.mxguard.lab.sender.SenderMode;
import java.util.EnumMap;
import java.util.Map;

/**
 * Expectations - the lab's one table of expected outcomes: for every attack and sender mode, what
 * must happen to Alice's message and why, in one line. The default mode (mxguard) is never
 * {@code intercepted} where the destination protects itself (signed zone with TLSA); where it
 * publishes no protection, the interception is unavoidable for every sender and the reason says
 * what the destination should publish.
 */
public final class Expectations {

    /** Expected - an outcome and the one-line reason for it. */
    public record Expected(Outcome outcome, String why) {
    }

    private static final Map<Attack, Map<SenderMode, Expected>> TABLE = new EnumMap<>(Attack.class);

    private static final String DELIVERED = "delivered";
    private static final String INTERCEPTED = "intercepted";

    static {
        row(Attack.NONE,
                e(DELIVERED, "no attack: any sender reaches Bob (in plaintext; nobody on the path reads it)"),
                e(DELIVERED, "no attack: Bob's MX offers STARTTLS"),
                e(DELIVERED, "Bob's certificate is WebPKI-valid for mx.destination.com"),
                e(DELIVERED, "the lab's honest resolver does not set AD, so this sender falls back to opportunistic TLS"),
                e(DELIVERED, "signed MX, signed A, TLSA 3 1 1 matches Bob's key: Verified"));
        Expected noDnssecCheck = e(INTERCEPTED, "trusts the forged MX and sends to mx.attacker.net");
        Expected verifyRefusesSelfSigned = e("deferred:auth", "the attacker's self-signed certificate fails PKIX");
        Expected mxguardBogus = e("deferred:dnssec", "the forged answer is BOGUS: no route to trust, mail stays queued");
        row(Attack.MX_REWRITTEN, e(INTERCEPTED, "trusts the forged MX; no TLS at all"), noDnssecCheck,
                verifyRefusesSelfSigned, e(INTERCEPTED, "AD=0 on the forged MX: it falls back to opportunistic TLS, to the attacker"),
                mxguardBogus);
        row(Attack.MX_STALE_SIGS, e(INTERCEPTED, "trusts the forged MX; no TLS at all"), noDnssecCheck,
                verifyRefusesSelfSigned, e(INTERCEPTED, "no AD: opportunistic TLS to the attacker"),
                e("deferred:dnssec", "the kept RRSIG does not match the forged MX: BOGUS"));
        row(Attack.MX_AD_SET, e(INTERCEPTED, "trusts the forged MX; no TLS at all"), noDnssecCheck,
                verifyRefusesSelfSigned,
                e(INTERCEPTED, "believes AD=1: the attacker's MX is 'secure' and has no TLSA, so TLS is not authenticated"),
                e("deferred:dnssec", "we validate ourselves; the AD bit is never read"));
        row(Attack.A_REWRITTEN, e(INTERCEPTED, "connects to the forged address"),
                e(INTERCEPTED, "connects to the forged address; any certificate will do"),
                e("deferred:auth", "the attacker's certificate does not name mx.destination.com"),
                e(INTERCEPTED, "AD=0: opportunistic TLS to the forged address"),
                e("deferred:dnssec", "the forged A record is BOGUS"));
        row(Attack.TLSA_DROPPED, e(DELIVERED, "never used TLS; the MX and address are real, so Bob gets it"),
                e(DELIVERED, "real MX and address; TLS without DANE"),
                e(DELIVERED, "real MX and address; PKIX passes"),
                e(DELIVERED, "believes the 'validated' NODATA: DANE silently downgraded to unauthenticated TLS (Bob still gets it)"),
                e("deferred:dnssec", "a denial without a signed proof is BOGUS: the TLSA lookup failed, no downgrade"));
        row(Attack.STARTTLS_STRIPPED, e(INTERCEPTED, "sends in plaintext through the attacker on the path"),
                e(INTERCEPTED, "STARTTLS was stripped: falls back to plaintext, which the attacker reads"),
                e("deferred:starttls", "TLS is required and was not offered"),
                e(INTERCEPTED, "no AD from the honest resolver: opportunistic, so plaintext"),
                e("deferred:starttls", "Bob's TLSA makes STARTTLS mandatory (RFC 7672 §2.2)"));
        row(Attack.ATTACKER_PKIX_CERT, e(INTERCEPTED, "trusts the forged MX"), noDnssecCheck,
                e(INTERCEPTED, "PKIX with the MX name checks the attacker's name, which its certificate carries: verify alone does not help"),
                e(INTERCEPTED, "AD=0 on the forged MX: opportunistic TLS to the attacker"),
                e("deferred:dnssec", "the forged MX is BOGUS"));
        row(Attack.NO_TLSA, e(INTERCEPTED, "plaintext through the attacker on the path"),
                e(INTERCEPTED, "STARTTLS stripped: plaintext"),
                e("deferred:starttls", "TLS is required and was not offered"),
                e(INTERCEPTED, "no TLSA: opportunistic, so plaintext"),
                e(INTERCEPTED, "unavoidable: without TLSA (or MTA-STS) nothing says Bob requires TLS; destination.com must publish TLSA"));
        row(Attack.UNSIGNED_ZONE, e(INTERCEPTED, "trusts the forged MX"), noDnssecCheck,
                e(INTERCEPTED, "the attacker's certificate is valid for its own name"),
                e(INTERCEPTED, "no AD: opportunistic TLS to the attacker"),
                e(INTERCEPTED, "unavoidable: an unsigned MX cannot be told from a forged one; destination.com must sign its zone "
                        + "and publish TLSA (or MTA-STS)"));
    }

    private Expectations() {
    }

    /** expected - what must happen to Alice's message under {@code attack} for a sender in {@code mode}. */
    public static Expected of(Attack attack, SenderMode mode) {
        Expected e = TABLE.get(attack).get(mode);
        if (e == null) {
            throw new IllegalArgumentException("no expectation for " + attack.id() + " x " + mode.id());
        }
        return e;
    }

    private static void row(Attack attack, Expected plaintext, Expected opportunistic, Expected verify,
                            Expected daneTrustAd, Expected mxguard) {
        Map<SenderMode, Expected> r = new EnumMap<>(SenderMode.class);
        r.put(SenderMode.PLAINTEXT, plaintext);
        r.put(SenderMode.OPPORTUNISTIC, opportunistic);
        r.put(SenderMode.VERIFY, verify);
        r.put(SenderMode.DANE_TRUST_AD, daneTrustAd);
        r.put(SenderMode.MXGUARD, mxguard);
        TABLE.put(attack, r);
    }

    private static Expected e(String word, String why) {
        Outcome o = word.equals(DELIVERED) ? Outcome.delivered() : word.equals(INTERCEPTED) ? Outcome.intercepted()
                : Outcome.deferred(word.substring("deferred:".length()));
        return new Expected(o, why);
    }
}
