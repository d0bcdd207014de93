package io.mxguard.lab.dns;

import org.xbill.DNS.DClass;
import org.xbill.DNS.ExtendedFlags;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Header;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * DnsWire - what a lab DNS server does with raw bytes before and after answering: screen an
 * incoming packet into a query, an error reply or silence; build reply skeletons; fit a reply into
 * the client's UDP size.
 *
 * <p>Pure functions; thread-safe. Never throws for any input.
 */
final class DnsWire {
    static final int HEADER_LENGTH = 12;
    static final int MAX_TCP_MESSAGE = 65535;
    /** RFC 1035 §4.2.1: without EDNS a UDP reply is at most 512 octets. */
    static final int CLASSIC_UDP_SIZE = 512;

    private DnsWire() {}

    /** Screened - the verdict on one incoming packet. */
    sealed interface Screened {}

    /** A well-formed query with one IN question and opcode QUERY. */
    record Query(Message message) implements Screened {}

    /** Malformed or unsupported: send {@code reply}; {@code why} goes into the event. */
    record Reject(byte[] reply, int rcode, Message question, String why) implements Screened {}

    /** Send nothing. */
    record Drop(String why) implements Screened {}

    /** screen - classify one packet; every exit path is one line here. */
    static Screened screen(byte[] packet, int maxQuerySize) {
        if (packet.length < HEADER_LENGTH) {
            return new Drop("shorter than a DNS header (" + packet.length + " bytes)");
        }
        if ((packet[2] & 0x80) != 0) {
            return new Drop("a response (QR=1) sent to a server"); // never answer answers: no loops
        }
        int opcode = (packet[2] >> 3) & 0x0F;
        if (opcode != Opcode.QUERY) {
            return headerOnly(packet, Rcode.NOTIMP, "opcode " + Opcode.string(opcode));
        }
        if (packet.length > maxQuerySize) {
            return headerOnly(packet, Rcode.FORMERR, "query of " + packet.length + " bytes");
        }
        Message query;
        try {
            // dnsjava bounds compression pointers (must point backwards) and counts against the data
            query = new Message(packet);
        } catch (Exception e) {
            return headerOnly(packet, Rcode.FORMERR, "unparseable: " + e.getMessage());
        }
        Header header = query.getHeader();
        // dnsjava stops quietly at the end of a packet with TC=1, so the question may be missing
        if (header.getCount(Section.QUESTION) != 1 || query.getQuestion() == null) {
            return headerOnly(packet, Rcode.FORMERR, "QDCOUNT " + header.getCount(Section.QUESTION));
        }
        long opts = query.getSection(Section.ADDITIONAL).stream().filter(r -> r.getType() == Type.OPT).count();
        if (opts > 1) {
            return headerOnly(packet, Rcode.FORMERR, "more than one OPT record"); // RFC 6891 §6.1.1
        }
        OPTRecord opt = query.getOPT();
        if (opt != null && opt.getVersion() > 0) {
            return reject(query, Rcode.BADVERS, "EDNS version " + opt.getVersion()); // RFC 6891 §6.1.3
        }
        int qclass = query.getQuestion().getDClass();
        int qtype = query.getQuestion().getType();
        if (qclass != DClass.IN) {
            return reject(query, Rcode.REFUSED, "class " + DClass.string(qclass));
        }
        if (qtype == Type.OPT || qtype == Type.TSIG || qtype == Type.TKEY) {
            return reject(query, Rcode.FORMERR, "meta type " + Type.string(qtype) + " as question");
        }
        if (qtype == Type.AXFR || qtype == Type.IXFR) {
            return reject(query, Rcode.REFUSED, "zone transfer");
        }
        return new Query(query);
    }

    /** replyTo - a reply skeleton: same ID, QR, opcode, RD and CD copied, the question, our OPT. */
    static Message replyTo(Message query, int udpPayloadSize) {
        Header in = query.getHeader();
        Message reply = new Message(in.getID());
        Header out = reply.getHeader();
        out.setFlag(Flags.QR);
        out.setOpcode(in.getOpcode());
        if (in.getFlag(Flags.RD)) {
            out.setFlag(Flags.RD);
        }
        if (in.getFlag(Flags.CD)) {
            out.setFlag(Flags.CD);
        }
        if (query.getQuestion() != null) {
            reply.addRecord(query.getQuestion(), Section.QUESTION);
        }
        if (query.getOPT() != null) {
            // RFC 3225 §3: the DO bit of the query is copied into the reply
            reply.addRecord(new OPTRecord(udpPayloadSize, 0, 0, dnssecOk(query) ? ExtendedFlags.DO : 0),
                    Section.ADDITIONAL);
        }
        return reply;
    }

    /** dnssecOk - the query asked for DNSSEC records (EDNS with DO=1). */
    static boolean dnssecOk(Message query) {
        OPTRecord opt = query.getOPT();
        return opt != null && (opt.getFlags() & ExtendedFlags.DO) != 0;
    }

    /** udpLimit - the largest UDP reply this client accepts, capped at our own size. */
    static int udpLimit(Message query, int udpPayloadSize) {
        OPTRecord opt = query.getOPT();
        if (opt == null) {
            return CLASSIC_UDP_SIZE;
        }
        // RFC 6891 §6.2.3: values below 512 are treated as 512
        return Math.max(CLASSIC_UDP_SIZE, Math.min(opt.getPayloadSize(), udpPayloadSize));
    }

    /** Rendered - the bytes to send and whether they were cut down to fit. */
    record Rendered(byte[] bytes, boolean truncated) {}

    /**
     * render - the reply's wire form, at most {@code limit} bytes. A reply that does not fit is
     * sent as header, question and OPT with TC=1 (RFC 2181 §9) so the client asks again over TCP.
     */
    static Rendered render(Message reply, int limit) {
        byte[] full = reply.toWire();
        if (full.length <= limit) {
            return new Rendered(full, false);
        }
        Message cut = new Message(reply.getHeader().getID());
        Header from = reply.getHeader();
        Header to = cut.getHeader();
        to.setOpcode(from.getOpcode());
        to.setRcode(from.getRcode());
        for (int flag : new int[] {Flags.QR, Flags.AA, Flags.RD, Flags.RA, Flags.AD, Flags.CD}) {
            if (from.getFlag(flag)) {
                to.setFlag(flag);
            }
        }
        to.setFlag(Flags.TC);
        if (reply.getQuestion() != null) {
            cut.addRecord(reply.getQuestion(), Section.QUESTION);
        }
        if (reply.getOPT() != null) {
            cut.addRecord(reply.getOPT(), Section.ADDITIONAL);
        }
        return new Rendered(cut.toWire(), true);
    }

    /** reject - an error reply that echoes the question (and OPT, carrying an extended rcode). */
    static Reject reject(Message query, int rcode, String why) {
        Message reply = replyTo(query, DnsServerConfig.DEFAULT_UDP_PAYLOAD);
        setRcode(reply, rcode);
        return new Reject(reply.toWire(), rcode, query, why);
    }

    /** setRcode - set a 12-bit rcode: low 4 bits in the header, the rest in the OPT (RFC 6891 §6.1.3). */
    static void setRcode(Message reply, int rcode) {
        reply.getHeader().setRcode(rcode & 0x0F);
        OPTRecord opt = reply.getOPT();
        if (opt != null) {
            reply.removeRecord(opt, Section.ADDITIONAL);
            reply.addRecord(new OPTRecord(opt.getPayloadSize(), rcode >>> 4, opt.getVersion(), opt.getFlags()),
                    Section.ADDITIONAL);
        }
    }

    /** headerOnly - an error reply built from the raw header alone, for packets we cannot parse. */
    private static Reject headerOnly(byte[] packet, int rcode, String why) {
        byte[] reply = new byte[HEADER_LENGTH];
        reply[0] = packet[0];
        reply[1] = packet[1];
        reply[2] = (byte) (0x80 | (packet[2] & 0x79)); // QR, opcode and RD kept; AA, TC cleared
        reply[3] = (byte) (rcode & 0x0F);              // RA, Z, AD, CD cleared; all counts zero
        return new Reject(reply, rcode, null, why);
    }
}
