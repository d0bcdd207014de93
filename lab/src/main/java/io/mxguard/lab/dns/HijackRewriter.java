package io.mxguard.lab.dns;

import io.mxguard.lab.dns.HijackRule.Signatures;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.ExtendedFlags;
import org.xbill.DNS.Flags;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.RRSIGRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * HijackRewriter - applies {@link HijackRule}s, in the order given, to one forwarded reply.
 *
 * <p>Stateless and thread-safe; it edits the reply it is given and returns the rules that changed
 * something.
 */
final class HijackRewriter {
    private static final Set<Integer> DNSSEC_TYPES =
            Set.of(Type.RRSIG, Type.NSEC, Type.NSEC3, Type.NSEC3PARAM, Type.DNSKEY, Type.DS);
    private static final int[] RECORD_SECTIONS = {Section.ANSWER, Section.AUTHORITY, Section.ADDITIONAL};

    private HijackRewriter() {}

    /** apply - every rule in turn; the ones that fired. */
    static List<HijackRule> apply(List<HijackRule> rules, Message query, Message reply) {
        List<HijackRule> fired = new ArrayList<>();
        for (HijackRule rule : rules) {
            if (applyOne(rule, query, reply)) {
                fired.add(rule);
            }
        }
        return fired;
    }

    private static boolean applyOne(HijackRule rule, Message query, Message reply) {
        if (rule instanceof HijackRule.RewriteMx mx) {
            return rewriteMx(mx, reply);
        } else if (rule instanceof HijackRule.RewriteAddress address) {
            return rewriteAddress(address, reply);
        } else if (rule instanceof HijackRule.SetAd) {
            reply.getHeader().setFlag(Flags.AD); // the lie a dane-trust-ad sender believes
            return true;
        } else if (rule instanceof HijackRule.DropTlsa drop) {
            return dropTlsa(drop, query, reply);
        } else if (rule instanceof HijackRule.StripDnssec) {
            return stripDnssec(reply);
        } else if (rule instanceof HijackRule.InjectAdditional inject) {
            reply.addRecord(inject.record(), Section.ADDITIONAL);
            return true;
        }
        throw new IllegalArgumentException("unknown rule " + rule);
    }

    private static boolean rewriteMx(HijackRule.RewriteMx rule, Message reply) {
        List<Record> old = matching(reply, Section.ANSWER, rule.domain(), Type.MX);
        if (old.isEmpty()) {
            return false;
        }
        Set<Record> forged = new LinkedHashSet<>();
        for (Record r : old) {
            MXRecord mx = (MXRecord) r;
            forged.add(new MXRecord(mx.getName(), mx.getDClass(), mx.getTTL(), mx.getPriority(), rule.newTarget()));
        }
        replace(reply, Section.ANSWER, old, forged, rule.domain(), Type.MX, rule.signatures());
        return true;
    }

    private static boolean rewriteAddress(HijackRule.RewriteAddress rule, Message reply) {
        boolean changed = false;
        for (int section : new int[] {Section.ANSWER, Section.ADDITIONAL}) {
            List<Record> old = matching(reply, section, rule.host(), rule.type());
            if (old.isEmpty()) {
                continue;
            }
            Record first = old.get(0);
            Record forged = rule.type() == Type.A
                    ? new ARecord(first.getName(), first.getDClass(), first.getTTL(), rule.newAddress())
                    : new AAAARecord(first.getName(), first.getDClass(), first.getTTL(), rule.newAddress());
            replace(reply, section, old, Set.of(forged), rule.host(), rule.type(), rule.signatures());
            changed = true;
        }
        return changed;
    }

    private static boolean dropTlsa(HijackRule.DropTlsa rule, Message query, Message reply) {
        if (query.getQuestion().getType() != Type.TLSA) {
            return false;
        }
        reply.removeAllRecords(Section.ANSWER);
        for (Record r : new ArrayList<>(reply.getSection(Section.AUTHORITY))) {
            if (r.getType() != Type.SOA) {
                reply.removeRecord(r, Section.AUTHORITY); // no NSEC, NSEC3 or RRSIG: nothing proves it
            }
        }
        DnsWire.setRcode(reply, rule.denial() == HijackRule.Denial.NXDOMAIN ? Rcode.NXDOMAIN : Rcode.NOERROR);
        return true;
    }

    private static boolean stripDnssec(Message reply) {
        boolean changed = false;
        for (int section : RECORD_SECTIONS) {
            for (Record r : new ArrayList<>(reply.getSection(section))) { // the section list is live
                if (DNSSEC_TYPES.contains(r.getType())) {
                    reply.removeRecord(r, section);
                    changed = true;
                }
            }
        }
        OPTRecord opt = reply.getOPT();
        if (opt != null && (opt.getFlags() & ExtendedFlags.DO) != 0) {
            reply.removeRecord(opt, Section.ADDITIONAL); // a DNSSEC-unaware resolver does not echo DO
            reply.addRecord(new OPTRecord(opt.getPayloadSize(), opt.getExtendedRcode(), opt.getVersion(), 0),
                    Section.ADDITIONAL);
        }
        return changed;
    }

    private static List<Record> matching(Message reply, int section, Name owner, int type) {
        List<Record> found = new ArrayList<>();
        for (Record r : reply.getSection(section)) {
            if (r.getType() == type && r.getName().equals(owner)) {
                found.add(r);
            }
        }
        return found;
    }

    /** replace - forged records take the place of the old ones, keeping the section's order. */
    private static void replace(Message reply, int section, List<Record> old, Set<Record> forged, Name owner, int type,
            Signatures signatures) {
        List<Record> rebuilt = new ArrayList<>();
        boolean placed = false;
        for (Record r : new ArrayList<>(reply.getSection(section))) {
            if (old.contains(r)) {
                if (!placed) {
                    rebuilt.addAll(forged);
                    placed = true;
                }
            } else if (signatures == Signatures.STRIP && r instanceof RRSIGRecord sig
                    && sig.getTypeCovered() == type && sig.getName().equals(owner)) {
                continue; // the forged RRset travels unsigned
            } else {
                rebuilt.add(r);
            }
        }
        reply.removeAllRecords(section);
        rebuilt.forEach(r -> reply.addRecord(r, section));
    }
}
