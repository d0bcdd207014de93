package io.mxguard.dns;

import org.xbill.DNS.EDNSOption;
import org.xbill.DNS.ExtendedErrorCodeOption;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * ValidatedReply - turns the message dnsjava's validator returned into a {@link DnsAnswer}.
 *
 * <p>Reads the header (rcode, the AD bit the validator itself set), the ANSWER section, the SOA in
 * AUTHORITY for the negative TTL, and the validator's Extended DNS Error on failures. Never reads
 * any other record of ADDITIONAL: an unsigned record injected there survives validation.
 * Pure function; see {@link ValidatingSecureResolver} for the mapping table.
 */
final class ValidatedReply {

    /** CNAME chains longer than this are treated as loops (RFC 1034 §3.6.2 expects short chains). */
    static final int MAX_CNAME_HOPS = AnswerSection.MAX_CNAME_HOPS;

    private ValidatedReply() {
    }

    /** toAnswer - map one validated reply for (name, type); {@code ctx} says what the wire saw. */
    static DnsAnswer toAnswer(Name name, int type, Message reply, LookupContext ctx, long negativeTtlDefault) {
        int rcode = reply.getRcode();
        boolean ad = reply.getHeader().getFlag(Flags.AD);
        if (rcode != Rcode.NOERROR && rcode != Rcode.NXDOMAIN) {
            return failed(name, type, reply, rcode, ctx);
        }
        if (!ad && ctx.transportFailure() != null) {
            // The validator swallows wire errors while proving NODATA/NXDOMAIN and then returns the
            // answer unvalidated, without AD. Unvalidated is not INSECURE.
            return new DnsAnswer.Failed(name, type, Security.INDETERMINATE,
                    "could not complete validation: " + ctx.transportFailure(), rcode);
        }
        Security security = ad ? Security.SECURE : Security.INSECURE;
        String why = ad ? "validated from the trust anchors"
                : "not signed: provably insecure delegation, or outside the trust anchors";

        return AnswerSection.read(name, type, reply, security, why, negativeTtlDefault);
    }

    private static DnsAnswer failed(Name name, int type, Message reply, int rcode, LookupContext ctx) {
        int upstream = ctx.upstreamRcode();
        if (upstream != -1 && upstream != Rcode.NOERROR && upstream != Rcode.NXDOMAIN) {
            // The upstream itself failed (the validator then reports "cannot be validated"): no verdict.
            return new DnsAnswer.Failed(name, type, Security.INDETERMINATE,
                    "upstream resolver answered " + Rcode.string(upstream), rcode);
        }
        ExtendedErrorCodeOption ede = extendedError(reply);
        if (ede != null && rcode == Rcode.SERVFAIL) {
            // Only the validator builds a SERVFAIL with an EDE here (the upstream's own OPT is gone).
            Security verdict = ede.getErrorCode() == ExtendedErrorCodeOption.DNSSEC_INDETERMINATE
                    ? Security.INDETERMINATE : Security.BOGUS;
            return new DnsAnswer.Failed(name, type, verdict, describe(ede), rcode);
        }
        String extra = ctx.transportFailure() != null ? ": " + ctx.transportFailure() : "";
        return new DnsAnswer.Failed(name, type, Security.INDETERMINATE,
                "resolver answered " + Rcode.string(rcode) + extra, rcode);
    }

    // The OPT record is the one ADDITIONAL record we read: on SERVFAIL it is the validator's own.
    private static ExtendedErrorCodeOption extendedError(Message reply) {
        OPTRecord opt = reply.getOPT();
        if (opt == null) {
            return null;
        }
        for (EDNSOption o : opt.getOptions(EDNSOption.Code.EDNS_EXTENDED_ERROR)) {
            if (o instanceof ExtendedErrorCodeOption e) {
                return e;
            }
        }
        return null;
    }

    static String describe(ExtendedErrorCodeOption ede) {
        String text = ede.getText() == null || ede.getText().isEmpty() ? "" : ": " + ede.getText();
        return "DNSSEC validation failed (EDE " + ede.getErrorCode() + " " + edeName(ede.getErrorCode()) + ")" + text;
    }

    private static String edeName(int code) {
        return switch (code) {
            case ExtendedErrorCodeOption.UNSUPPORTED_DNSKEY_ALGORITHM -> "Unsupported DNSKEY Algorithm";
            case ExtendedErrorCodeOption.UNSUPPORTED_DS_DIGEST_TYPE -> "Unsupported DS Digest Type";
            case ExtendedErrorCodeOption.DNSSEC_INDETERMINATE -> "DNSSEC Indeterminate";
            case ExtendedErrorCodeOption.DNSSEC_BOGUS -> "DNSSEC Bogus";
            case ExtendedErrorCodeOption.SIGNATURE_EXPIRED -> "Signature Expired";
            case ExtendedErrorCodeOption.SIGNATURE_NOT_YET_VALID -> "Signature Not Yet Valid";
            case ExtendedErrorCodeOption.DNSKEY_MISSING -> "DNSKEY Missing";
            case ExtendedErrorCodeOption.RRSIGS_MISSING -> "RRSIGs Missing";
            case ExtendedErrorCodeOption.NO_ZONE_KEY_BIT_SET -> "No Zone Key Bit Set";
            case ExtendedErrorCodeOption.NSEC_MISSING -> "NSEC Missing";
            default -> "code " + code;
        };
    }
}
