package io.mxguard.dns;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.xbill.DNS.DClass;
import org.xbill.DNS.ExtendedFlags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.RRSIGRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * UpstreamCheck - does this upstream pass DNSSEC records through? Asked once at start-up.
 *
 * <p>Sends, through a plain (non-validating) resolver with DO=1 and without CD, {@code OWNER DNSKEY}
 * for the trust anchor's owner (the root for the IANA and lab anchors) and expects the DNSKEY RRset
 * with its RRSIGs; optionally {@code CHILD DS} (e.g. {@code com.}) and expects the DS RRset with
 * RRSIGs, or a signed denial. A resolver that strips them makes every signed answer BOGUS, so we
 * say so plainly instead of failing every delivery later. Only the ANSWER and AUTHORITY sections
 * are read.
 */
public final class UpstreamCheck {

    /** Result - what the probe found. */
    public sealed interface Result {
        Upstream upstream();

        /** A sentence for a mail admin. */
        String message();
    }

    /** DNSKEY (and DS) came back with their signatures. */
    public record Passes(Upstream upstream, String message) implements Result {
    }

    /** The upstream answers, but strips what validation needs; {@code missing} lists what. */
    public record StripsDnssec(Upstream upstream, List<String> missing, String message) implements Result {
        public StripsDnssec {
            missing = List.copyOf(missing);
        }
    }

    /** The upstream did not answer usably (timeout, refused, malformed). */
    public record Unreachable(Upstream upstream, String message) implements Result {
    }

    static final String ADVICE = "run unbound locally, or name a DNSSEC-aware resolver with --resolver";

    private UpstreamCheck() {
    }

    /** probe - check one upstream against the anchors' owner, and optionally a child zone's DS. */
    public static Result probe(Upstream upstream, Name anchorOwner, Optional<Name> dsProbe, Duration timeout) {
        SimpleResolver head;
        try {
            head = new SimpleResolver(upstream.socketAddress());
        } catch (IOException e) {
            return new Unreachable(upstream, "resolver " + upstream + " cannot be used: " + e.getMessage());
        }
        head.setTimeout(timeout);
        head.setEDNS(0, 0, ExtendedFlags.DO);
        head.setIgnoreTruncation(false);

        List<String> missing = new ArrayList<>();
        try {
            checkSigned(head, anchorOwner, Type.DNSKEY, false, missing);
            if (dsProbe.isPresent()) {
                checkSigned(head, dsProbe.get(), Type.DS, true, missing);
            }
        } catch (ProbeFailure e) {
            return new Unreachable(upstream, "resolver " + upstream + " " + e.getMessage()
                    + "; check that it is running and reachable, or " + ADVICE);
        }
        if (missing.isEmpty()) {
            return new Passes(upstream, "resolver " + upstream + " returns DNSSEC records (DNSKEY"
                    + (dsProbe.isPresent() ? ", DS" : "") + " with RRSIGs)");
        }
        return new StripsDnssec(upstream, missing, "resolver " + upstream + " strips DNSSEC records: "
                + String.join(", ", missing) + " missing, so no signed answer can be validated and "
                + "mail to DNSSEC-signed domains will be deferred; " + ADVICE);
    }

    private static void checkSigned(SimpleResolver head, Name name, int type, boolean denialOk, List<String> missing)
            throws ProbeFailure {
        String what = name + " " + Type.string(type);
        Message reply;
        try {
            reply = head.send(Message.newQuery(org.xbill.DNS.Record.newRecord(name, type, DClass.IN)));
        } catch (IOException e) {
            throw new ProbeFailure("gave no usable reply to " + what + " (" + e.getMessage() + ")");
        }
        int rcode = reply.getRcode();
        if (rcode != Rcode.NOERROR && !(denialOk && rcode == Rcode.NXDOMAIN)) {
            throw new ProbeFailure("answered " + Rcode.string(rcode) + " to " + what);
        }
        boolean data = false;
        boolean sig = false;
        for (org.xbill.DNS.Record r : reply.getSection(Section.ANSWER)) {
            data |= r.getType() == type;
            sig |= r instanceof RRSIGRecord s && s.getTypeCovered() == type;
        }
        if (data) {
            if (!sig) {
                missing.add("RRSIG on " + what);
            }
            return;
        }
        if (!denialOk) {
            missing.add(what);
            return;
        }
        // No DS: acceptable only as a signed denial (NSEC/NSEC3 with RRSIGs in AUTHORITY).
        boolean denial = false;
        boolean denialSig = false;
        for (org.xbill.DNS.Record r : reply.getSection(Section.AUTHORITY)) {
            denial |= r.getType() == Type.NSEC || r.getType() == Type.NSEC3;
            denialSig |= r instanceof RRSIGRecord s
                    && (s.getTypeCovered() == Type.NSEC || s.getTypeCovered() == Type.NSEC3);
        }
        if (!denial || !denialSig) {
            missing.add(what + " (or its signed NSEC/NSEC3 denial)");
        }
    }

    private static final class ProbeFailure extends Exception {
        private static final long serialVersionUID = 1L;

        ProbeFailure(String message) {
            super(message, null, false, false);
        }
    }
}
