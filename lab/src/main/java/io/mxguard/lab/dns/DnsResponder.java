package io.mxguard.lab.dns;

import java.net.InetSocketAddress;
import java.util.List;
import org.xbill.DNS.Message;

/** DnsResponder - turns one screened, well-formed query into a reply; the server's one job. */
interface DnsResponder {

    /**
     * respond - the reply to {@code query} (exactly one IN question, opcode QUERY). Must not throw
     * for any query; the transport still answers SERVFAIL if it does.
     */
    Reply respond(Message query, InetSocketAddress client);

    /** Reply - the full reply message (the transport truncates it for UDP) and what was done. */
    record Reply(Message message, List<String> actions) {
        public Reply {
            actions = List.copyOf(actions);
        }
    }
}
