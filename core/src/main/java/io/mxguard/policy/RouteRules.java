package io.mxguard.policy;

import io.mxguard.dane.DaneReferenceNames;
import io.mxguard.dns.HostAddresses;
import io.mxguard.dns.MxResult;
import io.mxguard.dns.Security;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.xbill.DNS.Name;

/**
 * RouteRules - the decision for one MX host from its DNS facts and the local policy. Pure.
 *
 * <p>Order (maddy's fixed hook order): addresses → DANE facts → configured level → local minimum.
 * DANE, where it applies, takes precedence over every configured level, {@code none} included: a
 * signed TLSA RRset is the destination's demand for TLS (RFC 7672 §2.2), and a local table entry
 * may not downgrade it. XXX: so an admin cannot route around a receiver with broken DANE by a
 * table entry; the mail defers until the receiver fixes its TLSA, as it would at other DANE senders.
 */
final class RouteRules {

    private RouteRules() {
    }

    /** decide - use or skip {@code f}'s host for mail to {@code nextHop}. */
    static RouteDecision decide(Name nextHop, boolean implicit, HostFacts f, LocalPolicy.Configured configured,
                                TlsLevel minimum) {
        MxResult.MxHost mx = f.mx();
        String host = DaneVerdict.name(mx.host());
        switch (f.addresses().kind()) {
            case FAILED:
                boolean bogus = f.addresses().a().security() == Security.BOGUS
                        || f.addresses().aaaa().security() == Security.BOGUS;
                return new RouteDecision.Skip(mx, bogus ? SkipCause.DNSSEC_BOGUS : SkipCause.ADDRESS_LOOKUP_FAILED,
                        "address lookup for " + host + " failed: " + f.addresses().reason());
            case NONE:
                return new RouteDecision.Skip(mx, SkipCause.NO_ADDRESSES, host + " has no A or AAAA records");
            default:
                break;
        }
        DaneVerdict dane = DaneVerdict.of(f, implicit);
        if (dane instanceof DaneVerdict.LookupFailed failed) {
            // RFC 7672 §2.1.1: a TLSA lookup error is not "no TLSA"; the host is not used, whatever the level.
            boolean bogus = f.tlsa().map(t -> t.security() == Security.BOGUS).orElse(false);
            return new RouteDecision.Skip(mx, bogus ? SkipCause.DNSSEC_BOGUS : SkipCause.TLSA_LOOKUP_FAILED,
                    failed.why() + "; not using " + host + " (RFC 7672 §2.1.1)");
        }
        RouteDecision d = configured(nextHop, f, dane, configured);
        return d instanceof RouteDecision.Use use ? minimum(nextHop, use, minimum) : d;
    }

    private static RouteDecision configured(Name nextHop, HostFacts f, DaneVerdict dane, LocalPolicy.Configured cfg) {
        MxResult.MxHost mx = f.mx();
        String origin = cfg.origin() + " says " + cfg.level();
        if (cfg.level() == TlsLevel.DANE_ONLY && !(dane instanceof DaneVerdict.Authenticate a && a.secureMx())) {
            String missing = dane instanceof DaneVerdict.Authenticate
                    ? "; the MX RRset is not signed, so DANE cannot bind the host to " + DaneVerdict.name(nextHop)
                    + " (RFC 7672 §2.2.1)" : "";
            return new RouteDecision.Skip(mx, SkipCause.DANE_REQUIRED, dane.why() + missing + "; " + origin);
        }
        if (dane instanceof DaneVerdict.Authenticate a) {
            TlsLevel level = cfg.level() == TlsLevel.DANE_ONLY ? TlsLevel.DANE_ONLY : TlsLevel.DANE;
            String note = cfg.level() == TlsLevel.DANE || cfg.level() == TlsLevel.DANE_ONLY ? "; " + origin
                    : "; DANE takes precedence over " + cfg.level() + " (" + cfg.origin() + ")";
            TlsMode.Dane mode = new TlsMode.Dane(a.tlsa().baseDomain(), a.tlsa().owner(), a.usable(),
                    daneNames(a.tlsa().baseDomain(), f, nextHop));
            // DESIGN §5: insecure MX with secure TLSA → authenticate, but the result is Trusted.
            Assurance assurance = a.secureMx() ? Assurance.VERIFIED : Assurance.TRUSTED;
            String trusted = a.secureMx() ? "" : "; the MX RRset is not signed: Trusted, not Verified";
            return use(f, new TlsRequirement(level, mode, assurance, dane.why() + trusted + note));
        }
        TlsRequirement base = withoutDane(cfg.level(), cfg.matchNames(), mx, nextHop, dane.why() + "; " + origin);
        if (dane instanceof DaneVerdict.EncryptOnly && rank(base.mode()) < 2) {
            // RFC 7672 §2.2: unusable TLSA records still require TLS; a PKIX level already does.
            return use(f, new TlsRequirement(TlsLevel.ENCRYPT, new TlsMode.EncryptUnauthenticated(),
                    Assurance.UNTRUSTED, base.why() + ", raised to encrypt by the TLSA RRset"));
        }
        return use(f, base);
    }

    /** minimum - the local minimum, applied last; it raises, never lowers. */
    private static RouteDecision minimum(Name nextHop, RouteDecision.Use use, TlsLevel minimum) {
        TlsRequirement r = use.requirement();
        if (minimum == TlsLevel.DANE_ONLY) {
            if (r.mode().kind() == TlsMode.Kind.DANE && r.onSuccess() == Assurance.VERIFIED) {
                return use;
            }
            return new RouteDecision.Skip(use.host(), SkipCause.DANE_REQUIRED,
                    r.why() + "; the local minimum dane-only requires DANE from a signed MX");
        }
        if (minimum.strength() <= rank(r.mode())) {
            return use;
        }
        // TlsLevel: a minimum of dane is "may where DANE does not apply", and DANE was applied above.
        TlsLevel level = minimum == TlsLevel.DANE ? TlsLevel.MAY : minimum;
        String why = r.why() + "; raised to " + level + " by the local minimum"
                + (level != minimum ? " " + minimum : "");
        return new RouteDecision.Use(use.host(), use.addresses(),
                withoutDane(level, List.of(), use.host(), nextHop, why));
    }

    /** withoutDane - the requirement of a level where DANE does not apply (dane → may). */
    private static TlsRequirement withoutDane(TlsLevel level, List<String> match, MxResult.MxHost mx, Name nextHop,
                                              String why) {
        return switch (level) {
            case NONE -> new TlsRequirement(level, new TlsMode.NoTls(), Assurance.NONE, why);
            case MAY, DANE -> new TlsRequirement(TlsLevel.MAY, new TlsMode.Opportunistic(), Assurance.UNTRUSTED,
                    why + (level == TlsLevel.DANE ? " → may" : ""));
            case ENCRYPT -> new TlsRequirement(level, new TlsMode.EncryptUnauthenticated(), Assurance.UNTRUSTED, why);
            case VERIFY, SECURE -> pkix(level, match, mx, nextHop, why);
            case DANE_ONLY -> throw new IllegalArgumentException("dane-only has no requirement without DANE");
        };
    }

    // Postfix defaults: verify matches "hostname", secure matches "nexthop:dot-nexthop".
    private static TlsRequirement pkix(TlsLevel level, List<String> match, MxResult.MxHost mx, Name nextHop,
                                       String why) {
        List<String> asked = !match.isEmpty() ? match : level == TlsLevel.VERIFY
                ? List.of(PolicyTable.MATCH_HOSTNAME)
                : List.of(PolicyTable.MATCH_NEXTHOP, PolicyTable.MATCH_DOT_NEXTHOP);
        Set<String> names = new LinkedHashSet<>();
        boolean fromSecureData = true;
        for (String m : asked) {
            switch (m) {
                case PolicyTable.MATCH_HOSTNAME -> {
                    names.add(DaneVerdict.name(mx.host()));
                    // A name read from an unsigned MX RRset is the forger's choice as much as the owner's.
                    fromSecureData &= mx.security() == Security.SECURE;
                }
                case PolicyTable.MATCH_NEXTHOP -> names.add(DaneVerdict.name(nextHop));
                case PolicyTable.MATCH_DOT_NEXTHOP -> names.add("." + DaneVerdict.name(nextHop));
                default -> names.add(m);
            }
        }
        String trusted = fromSecureData ? "" : "; the MX host name comes from an unsigned MX RRset: Trusted, not Verified";
        return new TlsRequirement(level, new TlsMode.Pkix(new ArrayList<>(names), fromSecureData),
                fromSecureData ? Assurance.VERIFIED : Assurance.TRUSTED,
                why + "; PKIX names " + String.join(", ", names) + trusted);
    }

    // RFC 7672 §3.2.3: a DANE-TA(2) leaf must name the TLSA base domain, the MX host (before or
    // after CNAME expansion) or the next-hop domain.
    private static DaneReferenceNames daneNames(Name base, HostFacts f, Name nextHop) {
        return new DaneReferenceNames(base.toString(), f.mx().host().toString(),
                f.addresses().canonicalName().toString(), nextHop.toString());
    }

    /** rank - how much a mode demands: 0 no TLS, 1 opportunistic, 2 encrypted, 3 authenticated. */
    static int rank(TlsMode mode) {
        return switch (mode.kind()) {
            case NO_TLS -> 0;
            case OPPORTUNISTIC -> 1;
            case ENCRYPT_UNAUTHENTICATED -> 2;
            case DANE, PKIX -> 3;
        };
    }

    private static RouteDecision use(HostFacts f, TlsRequirement r) {
        if (f.addresses().kind() == HostAddresses.Kind.PARTIAL) {
            // RFC 5321 §5.1: use the addresses we have; the failed family is named so the log shows it.
            r = new TlsRequirement(r.level(), r.mode(), r.onSuccess(), r.why() + "; using the addresses found ("
                    + f.addresses().reason() + ")");
        }
        return new RouteDecision.Use(f.mx(), f.addresses().addresses(), r);
    }
}
