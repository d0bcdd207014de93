package io.mxguard.smtp.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * RawClient - a plain socket that writes exactly the bytes a test gives it, for what our SmtpClient
 * would never send (bare LF, injected commands, floods). Replies are read as lines.
 */
final class RawClient implements AutoCloseable {
    final Socket socket;
    private final InputStream in;

    RawClient(InetSocketAddress address) throws IOException {
        socket = new Socket();
        socket.connect(address, 5000);
        socket.setSoTimeout(10_000);
        in = socket.getInputStream();
    }

    void send(String text) throws IOException {
        socket.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
        socket.getOutputStream().flush();
    }

    /** line - the next reply line without CRLF, or null at end of stream. */
    String line() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (int c = in.read(); c >= 0; c = in.read()) {
            if (c == '\n') {
                String s = b.toString(StandardCharsets.UTF_8);
                return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
            }
            b.write(c);
        }
        return b.size() == 0 ? null : b.toString(StandardCharsets.UTF_8);
    }

    /** reply - the final line of the next (possibly multi-line) reply, or null at end of stream. */
    String reply() throws IOException {
        for (String l = line(); l != null; l = line()) {
            if (l.length() < 4 || l.charAt(3) != '-') {
                return l;
            }
        }
        return null;
    }

    /** replies - every reply line until the server closes (or 10 s pass): the whole transcript. */
    List<String> untilClosed() throws IOException {
        List<String> lines = new ArrayList<>();
        try {
            for (String l = line(); l != null; l = line()) {
                lines.add(l);
            }
        } catch (SocketTimeoutException e) {
            lines.add("(no close within timeout)");
        } catch (IOException e) {
            lines.add("(" + e.getMessage() + ")");
        }
        return lines;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
