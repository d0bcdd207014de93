package io.mxguard.relay;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * DsnSubmission - one message handed to the relay with the DSN parameters of RFC 3461 (RET, ENVID on MAIL;
 * NOTIFY, ORCPT on RCPT) written exactly as the test gives them (odd case, xtext and all), which our
 * {@code SmtpClient} would normalise: a plain socket, one command at a time, every reply checked. Returns
 * the queue id from the relay's 250 to the data.
 */
final class DsnSubmission {
    private static final Pattern QUEUED_AS = Pattern.compile("queued as (\\S+)");
    private static final int TIMEOUT_MILLIS = 10_000;

    private DsnSubmission() {
    }

    /**
     * submit - EHLO, {@code MAIL FROM:<from> mailParams}, one {@code RCPT TO:} per entry of {@code rcpts}
     * (each "address" or "address PARAMS"), DATA, QUIT; fails the test on any unexpected reply.
     */
    static String submit(InetSocketAddress relay, String from, String mailParams, List<String> rcpts, byte[] content)
            throws IOException {
        try (Socket s = new Socket()) {
            s.connect(relay, TIMEOUT_MILLIS);
            s.setSoTimeout(TIMEOUT_MILLIS);
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
            OutputStream out = s.getOutputStream();
            expect(in, 220, "greeting");
            String ehlo = command(in, out, "EHLO app.source.com", 250);
            if (!ehlo.contains("DSN")) {
                throw new AssertionError("the relay does not announce DSN: " + ehlo);
            }
            command(in, out, ("MAIL FROM:<" + from + "> " + mailParams).strip(), 250);
            for (String rcpt : rcpts) {
                int space = rcpt.indexOf(' ');
                String address = space < 0 ? rcpt : rcpt.substring(0, space);
                String params = space < 0 ? "" : rcpt.substring(space);
                command(in, out, "RCPT TO:<" + address + ">" + params, 250);
            }
            command(in, out, "DATA", 354);
            out.write(content); // our test messages have no line starting with "."
            out.write(".\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String queued = expect(in, 250, "the data");
            command(in, out, "QUIT", 221);
            Matcher m = QUEUED_AS.matcher(queued);
            if (!m.find()) {
                throw new AssertionError("no queue id in the reply to the data: " + queued);
            }
            return m.group(1);
        }
    }

    private static String command(BufferedReader in, OutputStream out, String line, int code) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return expect(in, code, line);
    }

    /** expect - read one (possibly multi-line) reply; fail unless its code is {@code code}. */
    private static String expect(BufferedReader in, int code, String after) throws IOException {
        StringBuilder reply = new StringBuilder();
        String line;
        do {
            line = in.readLine();
            if (line == null || line.length() < 3) {
                throw new AssertionError("the relay closed or garbled its reply to " + after + ": " + reply + line);
            }
            reply.append(line).append('\n');
        } while (line.length() > 3 && line.charAt(3) == '-');
        if (!line.startsWith(Integer.toString(code))) {
            throw new AssertionError("expected " + code + " to " + after + ", got: " + reply);
        }
        return reply.toString();
    }
}
