package io.mxguard.lab.relay;

import io.mxguard.lab.sender.LabMessage;
import io.mxguard.lab.smtp.ReceivedMessage;
import io.mxguard.smtp.client.ClientOptions;
import io.mxguard.smtp.client.Envelope;
import io.mxguard.smtp.client.SmtpClient;
import io.mxguard.smtp.client.SmtpOutcome;
import io.mxguard.smtp.client.Transaction;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Submission - one message handed to the relay with our own {@link SmtpClient}, as an application would:
 * alice@source.com to the given recipients, with a marker header to find it at Bob's MX afterwards.
 *
 * @param marker the value of {@link LabMessage#MARKER_HEADER}
 * @param reply  the last reply the relay gave (the one to DATA when it got that far); empty when the
 *               connection failed without one
 * @param failure the client's account of a failed submission, empty on success
 */
record Submission(String marker, Optional<Integer> reply, Optional<String> failure) {
    static final String FROM = "alice@source.com";
    private static final SmtpClient CLIENT = new SmtpClient(ClientOptions.defaults().withAllTimeouts(Duration.ofSeconds(5)));

    /** acknowledged - the relay answered 250 to the data: from here on, the message is the relay's. */
    boolean acknowledged() {
        return reply.orElse(0) == 250 && failure.isEmpty();
    }

    /** submit - one session: EHLO, one transaction, QUIT; never throws for a relay that is down or dies. */
    static Submission submit(InetSocketAddress relay, String marker, String... recipients) {
        byte[] content = content(marker);
        SmtpOutcome<SmtpClient.Delivered> sent = CLIENT.deliver(relay, "client.source.com", Optional.empty(),
                new Envelope(FROM, List.of(recipients)), content);
        if (!sent.isOk()) {
            return new Submission(marker, sent.failure().reply().map(r -> r.code()),
                    Optional.of(sent.failure().message()));
        }
        Transaction t = sent.value().transaction();
        Optional<Integer> data = t.dataReply().map(r -> r.code());
        if (data.isPresent()) {
            return new Submission(marker, data, Optional.empty());
        }
        // no DATA: every recipient refused; report the first refusal
        return new Submission(marker, t.recipients().stream().findFirst().map(r -> r.rcptReply().code()),
                Optional.of("no recipient accepted: " + t.recipients()));
    }

    /** content - a short message carrying {@code marker} in its header section. */
    static byte[] content(String marker) {
        String text = "From: " + FROM + "\r\n"
                + "To: bob@destination.com\r\n"
                + "Subject: relay test " + marker + "\r\n"
                + "Message-ID: <" + marker + "@source.com>\r\n"
                + LabMessage.MARKER_HEADER + ": " + marker + "\r\n"
                + "\r\n"
                + "Sent through the relay.\r\n";
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    /** copiesAt - how many of {@code received} carry {@code marker}. */
    static long copiesAt(List<ReceivedMessage> received, String marker) {
        return received.stream().filter(m -> LabMessage.carries(m.data(), marker)).count();
    }
}
