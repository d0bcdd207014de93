package io.mxguard.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.mxguard.interop.Peer;
import io.mxguard.lab.world.LabWorld;
import io.mxguard.smtp.client.ClientOptions;
import io.mxguard.smtp.client.Envelope;
import io.mxguard.smtp.client.SmtpClient;
import io.mxguard.smtp.client.SmtpOutcome;
import io.mxguard.smtp.client.SmtpSession;
import io.mxguard.smtp.client.Transaction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * "250 only after the message is on disk", seen in the system calls: the real {@code mxguard relay} runs
 * under {@code strace -f -y} (fsync, fdatasync, the renames and write), takes messages, and for every queue
 * id its 250 reply names, the trace must show, in this order: the temporary file {@code incoming/.tmp-ID}
 * forced (fsync or fdatasync returned), renamed to {@code incoming/ID} (returned), the {@code incoming}
 * directory forced after that rename (by whichever thread led the group commit), and only then the write
 * of the 250. The crash tests prove recovery after SIGKILL (which keeps the page cache); this proves the
 * order that makes the 250 survive a power loss on a disk that honours flushes.
 */
class RelayFsyncOrderTest {
    private static final int MESSAGES = 6;
    private static final Pattern QUEUED_AS = Pattern.compile("250 2\\.0\\.0 Ok: queued as ([0-9a-f-]+)");
    // "PID name(args) = ret", "PID name(args <unfinished ...>", "PID <... name resumed>rest) = ret"
    private static final Pattern WHOLE = Pattern.compile("^(\\d+) +(\\w+)\\((.*)\\) += (-?\\d+).*$");
    private static final Pattern STARTED = Pattern.compile("^(\\d+) +(\\w+)\\((.*) <unfinished \\.\\.\\.>$");
    private static final Pattern RESUMED = Pattern.compile("^(\\d+) +<\\.\\.\\. (\\w+) resumed>(.*)\\) += (-?\\d+).*$");

    @TempDir
    Path dir;

    /** Call - one system call of the trace: its arguments and the trace lines where it began and returned. */
    record Call(String name, String args, int began, int returned, long result) {
    }

    @Test
    void every250_comesAfterItsFileIsForced_renamed_andTheDirectoryForced() throws Exception {
        Path strace = Peer.require("strace", "strace");
        Path trace = dir.resolve("relay.strace");
        Path queue = dir.resolve("queue");
        List<String> ids = new ArrayList<>();
        try (LabWorld world = LabWorld.start()) {
            assumeFalse(world.singleAddress(), "needs 127.0.10.x (the relay has no lab endpoint map)");
            RelayChild relay = RelayChild.start(world, queue, dir.resolve("relay.log"), List.of(strace.toString(),
                    "-f", "-qq", "-y", "-s", "256", "-o", trace.toString(),
                    "-e", "trace=fsync,fdatasync,rename,renameat,renameat2,write"));
            try {
                SmtpOutcome<SmtpSession> ready = new SmtpClient(ClientOptions.defaults()
                        .withAllTimeouts(Duration.ofSeconds(20))).ready(relay.address, "app.source.com", Optional.empty());
                assertThat(ready.isOk()).as(String.valueOf(ready)).isTrue();
                for (int i = 0; i < MESSAGES; i++) {
                    byte[] content = ("Subject: fsync order " + i + "\r\n\r\nbody\r\n").getBytes(StandardCharsets.US_ASCII);
                    SmtpOutcome<Transaction> sent = ready.value()
                            .send(Envelope.of("alice@source.com", "bob@destination.com"), content);
                    String reply = sent.isOk() ? sent.value().dataReply().map(Object::toString).orElse("") : "";
                    Matcher m = QUEUED_AS.matcher(reply);
                    assertThat(m.find()).as("a 250 naming the queue id: " + sent).isTrue();
                    ids.add(m.group(1));
                }
                ready.value().quit();
            } finally {
                assertThat(relay.stop(Duration.ofSeconds(60))).as("the relay stops on SIGTERM").isTrue();
            }
        }

        List<Call> calls = parse(Files.readAllLines(trace, StandardCharsets.UTF_8));
        for (String id : ids) {
            String incoming = queue.resolve("incoming").toString();
            Call reply = first(calls, c -> c.name().equals("write") && c.args().contains("queued as " + id), id + ": 250");
            Call rename = first(calls, c -> c.name().startsWith("rename") && c.result() == 0
                    && c.args().contains("incoming/.tmp-" + id + "\"") && c.args().contains("incoming/" + id + "\""),
                    id + ": rename into incoming");
            Call fileForced = first(calls, c -> c.name().matches("f(data)?sync") && c.result() == 0
                    && onFd(c, incoming + "/.tmp-" + id), id + ": fsync of the file");
            Optional<Call> dirForced = calls.stream().filter(c -> c.name().equals("fsync") && c.result() == 0
                    && onFd(c, incoming) && c.began() > rename.returned()
                    && c.returned() < reply.began()).findFirst();
            String context = id + " (trace " + trace + ")";
            assertThat(fileForced.returned()).as("file forced before its rename: " + context).isLessThan(rename.began());
            assertThat(rename.returned()).as("renamed before the 250: " + context).isLessThan(reply.began());
            assertThat(dirForced).as("incoming/ forced after the rename and before the 250: " + context).isPresent();
        }
        System.out.println("relay fsync order: " + ids.size() + " messages, each 250 after file fsync, rename, "
                + "directory fsync; " + calls.stream().filter(c -> c.name().equals("fsync")).count() + " fsyncs traced");
    }

    // strace -y prints a file descriptor as 12</path>: whether the call's first argument is that path.
    private static boolean onFd(Call c, String path) {
        return c.args().matches("\\d+<" + Pattern.quote(path) + ">.*");
    }

    private static Call first(List<Call> calls, java.util.function.Predicate<Call> p, String what) {
        return calls.stream().filter(p).findFirst()
                .orElseThrow(() -> new AssertionError("no " + what + " in the trace"));
    }

    /** parse - the calls of an {@code strace -f -o} trace, joining unfinished/resumed halves by pid. */
    static List<Call> parse(List<String> lines) {
        List<Call> calls = new ArrayList<>();
        Map<String, String[]> open = new HashMap<>(); // pid -> {name, args so far, line began}
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            Matcher m;
            if ((m = WHOLE.matcher(line)).matches() && !line.contains("<unfinished")) {
                calls.add(new Call(m.group(2), m.group(3), i, i, Long.parseLong(m.group(4))));
            } else if ((m = STARTED.matcher(line)).matches()) {
                open.put(m.group(1), new String[] {m.group(2), m.group(3), String.valueOf(i)});
            } else if ((m = RESUMED.matcher(line)).matches()) {
                String[] began = open.remove(m.group(1));
                if (began != null && began[0].equals(m.group(2))) {
                    calls.add(new Call(began[0], began[1] + m.group(3), Integer.parseInt(began[2]), i,
                            Long.parseLong(m.group(4))));
                }
            }
        }
        return calls;
    }
}
