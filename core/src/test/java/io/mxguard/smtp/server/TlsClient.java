package io.mxguard.smtp.server;

import io.mxguard.tls.InsecureTrustManager;
import io.mxguard.tls.TlsContexts;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLSocket;

/** TlsClient - a RawClient taken through EHLO and STARTTLS; then lines go over TLS, exactly as given. */
final class TlsClient implements AutoCloseable {
    private final RawClient raw;
    private final SSLSocket tls;
    private final BufferedReader in;

    private TlsClient(RawClient raw, SSLSocket tls) throws IOException {
        this.raw = raw;
        this.tls = tls;
        this.in = new BufferedReader(new InputStreamReader(tls.getInputStream(), StandardCharsets.UTF_8));
    }

    static TlsClient open(ServerFixture f) throws IOException {
        RawClient c = f.raw();
        c.reply();
        c.send("EHLO app.test\r\n");
        c.reply();
        c.send("STARTTLS\r\n");
        if (!c.reply().startsWith("220 ")) {
            throw new IOException("STARTTLS refused");
        }
        SSLSocket s = (SSLSocket) TlsContexts.clientContext(new InsecureTrustManager()).getSocketFactory()
                .createSocket(c.socket, "relay.test", f.address().getPort(), true);
        s.startHandshake();
        return new TlsClient(c, s);
    }

    /** ehlo - the EHLO reply's keyword lines after TLS. */
    List<String> ehlo() throws IOException {
        send("EHLO app.test");
        List<String> lines = new ArrayList<>();
        for (String l = in.readLine(); l != null; l = in.readLine()) {
            lines.add(l.substring(4));
            if (l.charAt(3) == ' ') {
                break;
            }
        }
        return lines;
    }

    /** ask - send one line, return the (last line of the) reply. */
    String ask(String line) throws IOException {
        send(line);
        return reply();
    }

    String reply() throws IOException {
        for (String l = in.readLine(); l != null; l = in.readLine()) {
            if (l.length() < 4 || l.charAt(3) != '-') {
                return l;
            }
        }
        return null;
    }

    void send(String line) throws IOException {
        tls.getOutputStream().write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
        tls.getOutputStream().flush();
    }

    @Override
    public void close() throws IOException {
        tls.close();
        raw.close();
    }
}
