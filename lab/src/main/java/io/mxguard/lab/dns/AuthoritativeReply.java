package io.mxguard.lab.dns;

import java.util.ArrayList;
import java.util.List;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.RRset;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;

/**
 * AuthoritativeReply - the reply being built for one query: adds whole RRsets once each, with
 * their RRSIGs only when the client set DO, and notes what kind of answer it became.
 *
 * <p>Not thread-safe; one per query.
 */
final class AuthoritativeReply {
    private final Message message;
    private final boolean dnssec;
    private final List<String> actions = new ArrayList<>();

    AuthoritativeReply(Message message, boolean dnssec) {
        this.message = message;
        this.dnssec = dnssec;
    }

    boolean dnssec() {
        return dnssec;
    }

    Message message() {
        return message;
    }

    List<String> actions() {
        return actions;
    }

    void note(String action) {
        actions.add(action);
    }

    void authoritative() {
        message.getHeader().setFlag(Flags.AA);
    }

    void rcode(int rcode) {
        DnsWire.setRcode(message, rcode);
    }

    /** add - an RRset and (with DO) its signatures, unless the section already holds it. */
    void add(RRset set, int section) {
        add(set.rrs(false), set.sigs(), section);
    }

    /** add - records that share owner and type, and their signatures (used for wildcard synthesis). */
    void add(List<? extends Record> records, List<? extends Record> sigs, int section) {
        if (records.isEmpty()) {
            return;
        }
        Record first = records.get(0);
        if (message.findRRset(first.getName(), first.getType(), section)) {
            return;
        }
        records.forEach(r -> message.addRecord(r, section));
        if (dnssec) {
            sigs.forEach(r -> message.addRecord(r, section));
        }
    }

    /** proof - a denial-of-existence RRset (NSEC or NSEC3, with signatures), only when DO was set. */
    void proof(RRset set) {
        if (dnssec && set != null) {
            add(set, Section.AUTHORITY);
        }
    }
}
