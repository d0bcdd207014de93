package io.mxguard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mxguard.delivery.DeliveryReport;
import io.mxguard.delivery.RecipientOutcome;
import io.mxguard.queue.QueueConfig;
import io.mxguard.queue.QueueEnvelope;
import io.mxguard.queue.QueueManager;
import io.mxguard.queue.QueueState;
import io.mxguard.queue.Spool;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QueueCommandTest {
    private static final byte[] MESSAGE = "From: alice@source.com\r\nSubject: Quarterly numbers\r\n\r\nHi Bob\r\n"
            .getBytes(StandardCharsets.US_ASCII);

    @TempDir
    Path dir;

    Spool spool;

    @BeforeEach
    void open() throws Exception {
        spool = Spool.open(dir, Clock.systemUTC());
    }

    private String enqueue(String to) throws Exception {
        return spool.enqueue(new QueueEnvelope("alice@source.com", List.of(QueueEnvelope.Recipient.of(to)),
                Optional.empty(), QueueEnvelope.Ret.DEFAULT, false, "test"), MESSAGE);
    }

    /** deferOnce - one scheduler pass whose delivery defers everything with 4.7.5. */
    private void deferOnce() {
        QueueManager qm = new QueueManager(spool, (domain, env, content) -> new DeliveryReport(domain,
                env.recipients().stream().map(r -> new RecipientOutcome(r, RecipientOutcome.Status.DEFERRED, "4.7.5",
                        "no MX host passed DANE authentication", RecipientOutcome.Fault.REMOTE_SITE, Optional.empty()))
                        .toList(), List.of()), QueueConfig.defaults("relay.source.com"), Clock.systemUTC());
        qm.runDue().join();
        qm.close();
    }

    private CliTest.Run queue(String... rest) {
        String[] args = new String[rest.length + 3];
        args[0] = "queue";
        args[1] = "--queue-dir";
        args[2] = dir.toString();
        System.arraycopy(rest, 0, args, 3, rest.length);
        return CliTest.run(args);
    }

    @Test
    void list_empty_saysSo_exit0() {
        CliTest.Run r = queue("list");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo("Mail queue is empty\n");
    }

    @Test
    void list_deferredMessage_oneLineWithRecipientStatusAndReason() throws Exception {
        String id = enqueue("bob@destination.com");
        deferOnce();
        CliTest.Run r = queue("list");
        assertThat(r.code()).as(r.err()).isZero();
        List<String> lines = r.out().lines().toList();
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).startsWith(id + " deferred ").contains(" <alice@source.com> -> bob@destination.com "
                + "(deferred 4.7.5 no MX host passed DANE authentication)");
        assertThat(lines.get(1)).isEqualTo("-- 1 message(s)");
    }

    @Test
    void listJson_oneObjectPerMessage() throws Exception {
        String deferred = enqueue("bob@destination.com");
        deferOnce();
        String fresh = enqueue("carol@destination.com");
        CliTest.Run r = queue("list", "--json");
        assertThat(r.code()).as(r.err()).isZero();
        List<String> lines = r.out().lines().toList();
        assertThat(lines).hasSize(2);
        ObjectMapper m = new ObjectMapper();
        JsonNode first = m.readTree(lines.get(0));
        assertThat(first.get("id").asText()).isEqualTo(fresh);
        assertThat(first.get("state").asText()).isEqualTo("incoming");
        assertThat(first.get("recipients").get(0).get("status").asText()).isEqualTo("pending");
        JsonNode second = m.readTree(lines.get(1));
        assertThat(second.get("id").asText()).isEqualTo(deferred);
        assertThat(second.get("sender").asText()).isEqualTo("alice@source.com");
        assertThat(second.get("arrival").asText()).isNotEmpty();
        assertThat(second.get("nextAttempt").asText()).isNotEmpty();
        JsonNode rcpt = second.get("recipients").get(0);
        assertThat(rcpt.get("address").asText()).isEqualTo("bob@destination.com");
        assertThat(rcpt.get("status").asText()).isEqualTo("deferred");
        assertThat(rcpt.get("enhancedStatus").asText()).isEqualTo("4.7.5");
        assertThat(rcpt.get("reason").asText()).isEqualTo("no MX host passed DANE authentication");
    }

    @Test
    void show_printsEnvelopeAndHeaders() throws Exception {
        String id = enqueue("bob@destination.com");
        CliTest.Run r = queue("show", id);
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("id: " + id).contains("state: incoming").contains("sender: <alice@source.com>")
                .contains("recipient: bob@destination.com pending").contains("Subject: Quarterly numbers");
        assertThat(r.out()).doesNotContain("Hi Bob");
    }

    @Test
    void holdReleaseDelete_moveTheFile_andUnknownIdIs69() throws Exception {
        String id = enqueue("bob@destination.com");
        assertThat(queue("hold", id).code()).isZero();
        assertThat(spool.locate(id)).contains(QueueState.HOLD);
        CliTest.Run again = queue("hold", id);
        assertThat(again.code()).isEqualTo(65);
        assertThat(again.err()).contains(id + ": is in hold; cannot be held");
        assertThat(queue("release", id).code()).isZero();
        assertThat(spool.locate(id)).contains(QueueState.INCOMING);
        CliTest.Run notHeld = queue("release", id);
        assertThat(notHeld.code()).isEqualTo(65);
        assertThat(queue("delete", id).code()).isZero();
        assertThat(spool.locate(id)).isEmpty();
        CliTest.Run gone = queue("delete", id);
        assertThat(gone.code()).isEqualTo(69);
        assertThat(gone.err()).contains(id + ": no such message in the queue");
        assertThat(queue("show", "NOSUCHID").code()).isEqualTo(69);
    }

    @Test
    void flush_makesDeferredDueNow() throws Exception {
        String id = enqueue("bob@destination.com");
        deferOnce();
        assertThat(spool.locate(id)).contains(QueueState.DEFERRED);
        CliTest.Run r = queue("flush");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("1 deferred message(s) due now");
        assertThat(spool.locate(id)).contains(QueueState.INCOMING);
    }

    @Test
    void missingQueueDirectory_exit66_andNothingCreated() {
        Path missing = dir.resolve("nope");
        CliTest.Run r = CliTest.run("queue", "--queue-dir", missing.toString(), "list");
        assertThat(r.code()).isEqualTo(66);
        assertThat(r.err()).contains("no queue directory there");
        assertThat(missing).doesNotExist();
    }

    @Test
    void noSubcommand_exit64() {
        assertThat(queue().code()).isEqualTo(64);
    }
}
