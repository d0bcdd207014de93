package io.mxguard.dns;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketException;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;

/**
 * ScriptedDnsServer - a UDP DNS server on 127.0.0.1 that answers each query as a script says.
 *
 * <p>The script sees the parsed query and how many queries came before it, and returns the
 * datagrams to send back (none for a timeout, garbage, a wrong ID, ...). Test fixture only.
 */
final class ScriptedDnsServer implements AutoCloseable {

    /** Script - the replies to one query. */
    interface Script {
        List<byte[]> reply(Message query, int index) throws Exception;
    }

    private final DatagramSocket socket;
    private final Thread thread;
    private final AtomicInteger queries = new AtomicInteger();

    ScriptedDnsServer(Script script) throws SocketException {
        socket = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        thread = new Thread(() -> serve(script), "scripted-dns");
        thread.setDaemon(true);
        thread.start();
    }

    Upstream upstream() {
        return new Upstream("127.0.0.1", socket.getLocalPort());
    }

    int queries() {
        return queries.get();
    }

    private void serve(Script script) {
        byte[] buf = new byte[4096];
        while (!socket.isClosed()) {
            try {
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                socket.receive(p);
                byte[] in = java.util.Arrays.copyOf(p.getData(), p.getLength());
                Message query = new Message(in);
                for (byte[] out : script.reply(query, queries.getAndIncrement())) {
                    socket.send(new DatagramPacket(out, out.length, p.getSocketAddress()));
                }
            } catch (Exception e) {
                if (socket.isClosed()) {
                    return;
                }
            }
        }
    }

    /** response - an empty reply to the query with this rcode, QR and RA set. */
    static Message response(Message query, int rcode) {
        Message m = new Message(query.getHeader().getID());
        m.getHeader().setFlag(Flags.QR);
        m.getHeader().setFlag(Flags.RD);
        m.getHeader().setFlag(Flags.RA);
        m.getHeader().setRcode(rcode);
        m.addRecord(query.getQuestion(), Section.QUESTION);
        return m;
    }

    /** answer - a NOERROR reply carrying these records in ANSWER. */
    static Message answer(Message query, org.xbill.DNS.Record... records) {
        Message m = response(query, Rcode.NOERROR);
        for (org.xbill.DNS.Record r : records) {
            m.addRecord(r, Section.ANSWER);
        }
        return m;
    }

    static List<byte[]> wire(Message m) {
        return List.of(m.toWire());
    }

    @Override
    public void close() {
        socket.close();
    }
}
