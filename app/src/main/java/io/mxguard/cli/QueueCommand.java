package io.mxguard.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mxguard.queue.QueueAdmin;
import io.mxguard.queue.QueueState;
import io.mxguard.queue.RecipientState;
import io.mxguard.queue.Spool;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * QueueCommand - look at and manage the relay's queue directory (mailq and postsuper in one), with
 * or without a relay running on it: every change is an atomic rename or unlink (see {@link QueueAdmin}).
 */
@Command(name = "queue", mixinStandardHelpOptions = true,
        description = {"Show and manage the relay's queue: list, show, flush, hold, release, delete.",
                "Safe while a relay runs on the same directory.",
                "Exit 0 ok, 64 usage, 66 no such queue directory, 69 no such message,",
                "75 the message is being delivered right now (try again), 65 the message is not in a state",
                "the command applies to (e.g. release of a message that is not on hold)."},
        subcommands = {QueueCommand.ListCmd.class, QueueCommand.Show.class, QueueCommand.Flush.class,
                QueueCommand.Hold.class, QueueCommand.Release.class, QueueCommand.Delete.class},
        footer = {"", "Examples:",
                "  mxguard queue --queue-dir /var/spool/mxguard list",
                "  mxguard queue --queue-dir /var/spool/mxguard list --json | jq .",
                "  mxguard queue --queue-dir /var/spool/mxguard hold 0A1B2C3D4E5F"})
final class QueueCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--queue-dir", required = true, paramLabel = "DIR", scope = picocli.CommandLine.ScopeType.INHERIT,
            description = "The relay's queue directory (queue.directory in its configuration).")
    Path queueDir;

    @Override
    public Integer call() {
        spec.commandLine().getErr().println("mxguard: queue needs a command: list, show, flush, hold, release, delete");
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCode.USAGE;
    }

    /** admin - the spool at --queue-dir; an existing queue only, never a new one made by a typo. */
    QueueAdmin admin() {
        return new QueueAdmin(spool());
    }

    private Spool spool() {
        if (!Files.isDirectory(queueDir) || !Files.isDirectory(queueDir.resolve(QueueState.INCOMING.directory()))) {
            throw new UserError(ExitCode.NO_INPUT, "--queue-dir " + queueDir + ": no queue directory there (no "
                    + QueueState.INCOMING.directory() + "/ in it)");
        }
        try {
            return Spool.attach(queueDir, Clock.systemUTC());
        } catch (IOException e) {
            throw new UserError(ExitCode.NO_INPUT, "--queue-dir " + queueDir + ": " + e.getMessage());
        }
    }

    /** line - one message on one line: id, state, arrival, sender, then each recipient with status and reason. */
    static String line(QueueAdmin.Entry e) {
        StringBuilder b = new StringBuilder();
        b.append(e.id()).append(' ').append(e.state().directory()).append(' ').append(e.arrival())
                .append(" <").append(e.sender()).append('>');
        String sep = " -> ";
        for (RecipientState r : e.recipients()) {
            b.append(sep).append(r.address()).append(" (").append(status(r));
            if (!r.reason().isEmpty()) {
                b.append(' ').append(r.enhancedStatus()).append(' ').append(oneLine(r.reason()));
            }
            b.append(')');
            sep = ", ";
        }
        return b.toString();
    }

    /** json - one message as a map for Jackson (postqueue -j style: one object per line). */
    static Map<String, Object> json(QueueAdmin.Entry e) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("id", e.id());
        o.put("state", e.state().directory());
        o.put("sender", e.sender());
        o.put("arrival", e.arrival().toString());
        o.put("nextAttempt", e.nextAttempt().toString());
        List<Map<String, Object>> rcpts = new ArrayList<>();
        for (RecipientState r : e.recipients()) {
            Map<String, Object> ro = new LinkedHashMap<>();
            ro.put("address", r.address());
            ro.put("status", status(r));
            ro.put("enhancedStatus", r.enhancedStatus());
            ro.put("reason", r.reason());
            ro.put("lastAttempt", r.lastAttempt().map(Object::toString).orElse(null));
            rcpts.add(ro);
        }
        o.put("recipients", rcpts);
        return o;
    }

    private static String status(RecipientState r) {
        return r.status().name().toLowerCase(Locale.ROOT);
    }

    private static String oneLine(String s) {
        return s.replaceAll("[\\r\\n]+", " ");
    }

    /** outcome - the exit code and message of hold, release, delete. */
    static int outcome(CommandSpec spec, String verb, String id, QueueAdmin.Result result, Optional<QueueState> where) {
        PrintWriter out = spec.commandLine().getOut();
        return switch (result) {
            case DONE -> {
                out.println(id + ": " + verb);
                yield ExitCode.OK;
            }
            case GONE -> throw new UserError(ExitCode.UNAVAILABLE, id + ": no such message in the queue");
            case BUSY -> throw new UserError(ExitCode.TEMP_FAIL, id + ": being delivered right now; try again shortly");
            case NOT_APPLICABLE -> throw new UserError(ExitCode.DATA_ERROR, id + ": is in "
                    + where.map(QueueState::directory).orElse("no state") + "; cannot be " + verb);
        };
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = {"One line per message: id, state, arrival, <sender> -> recipient (status [code reason]), ...",
                    "With --json, one JSON object per line (id, state, sender, arrival, nextAttempt, recipients)."})
    static final class ListCmd implements Callable<Integer> {
        @ParentCommand
        QueueCommand parent;

        @Spec
        CommandSpec spec;

        @Option(names = "--json", description = "One JSON object per message, one per line.")
        boolean json;

        @Override
        public Integer call() throws IOException {
            List<QueueAdmin.Entry> entries = parent.admin().list();
            PrintWriter out = spec.commandLine().getOut();
            ObjectMapper mapper = new ObjectMapper();
            for (QueueAdmin.Entry e : entries) {
                out.println(json ? write(mapper, json(e)) : line(e));
            }
            if (!json) {
                out.println(entries.isEmpty() ? "Mail queue is empty" : "-- " + entries.size() + " message(s)");
            }
            return ExitCode.OK;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "One message: envelope, recipients and the header section.")
    static final class Show implements Callable<Integer> {
        @ParentCommand
        QueueCommand parent;

        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "ID", description = "Queue id, as in `queue list`.")
        String id;

        @Override
        public Integer call() throws IOException {
            QueueAdmin.Shown shown = parent.admin().show(id)
                    .orElseThrow(() -> new UserError(ExitCode.UNAVAILABLE, id + ": no such message in the queue"));
            QueueAdmin.Entry e = shown.entry();
            PrintWriter out = spec.commandLine().getOut();
            out.println("id: " + e.id());
            out.println("state: " + e.state().directory());
            out.println("sender: <" + e.sender() + ">");
            out.println("arrival: " + e.arrival());
            out.println("next attempt: " + e.nextAttempt());
            for (RecipientState r : e.recipients()) {
                out.println("recipient: " + r.address() + " " + status(r)
                        + (r.reason().isEmpty() ? "" : " " + r.enhancedStatus() + " " + oneLine(r.reason()))
                        + r.lastAttempt().map(t -> " (last attempt " + t + ")").orElse(""));
            }
            out.println();
            out.print(shown.headers());
            out.flush();
            return ExitCode.OK;
        }
    }

    @Command(name = "flush", mixinStandardHelpOptions = true,
            description = "Make every deferred message due now (a running relay tries them within a second).")
    static final class Flush implements Callable<Integer> {
        @ParentCommand
        QueueCommand parent;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            int n = parent.admin().flush();
            spec.commandLine().getOut().println(n + " deferred message(s) due now");
            return ExitCode.OK;
        }
    }

    @Command(name = "hold", mixinStandardHelpOptions = true, description = "Park a message: no delivery until released.")
    static final class Hold implements Callable<Integer> {
        @ParentCommand
        QueueCommand parent;

        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "ID")
        String id;

        @Override
        public Integer call() throws IOException {
            return parent.change(spec, "held", id, QueueAdmin::hold);
        }
    }

    @Command(name = "release", mixinStandardHelpOptions = true, description = "Release a held message; it is due now.")
    static final class Release implements Callable<Integer> {
        @ParentCommand
        QueueCommand parent;

        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "ID")
        String id;

        @Override
        public Integer call() throws IOException {
            return parent.change(spec, "released", id, QueueAdmin::release);
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true,
            description = "Remove a message without a bounce (as postsuper -d); not while it is being delivered.")
    static final class Delete implements Callable<Integer> {
        @ParentCommand
        QueueCommand parent;

        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "ID")
        String id;

        @Override
        public Integer call() throws IOException {
            return parent.change(spec, "deleted", id, QueueAdmin::delete);
        }
    }

    /** change - run hold, release or delete on one message and turn its result into an exit code. */
    int change(CommandSpec sub, String verb, String id, AdminChange change) throws IOException {
        Spool spool = spool();
        QueueAdmin.Result result = change.apply(new QueueAdmin(spool), id);
        return outcome(sub, verb, id, result, spool.locate(id));
    }

    @FunctionalInterface
    interface AdminChange {
        QueueAdmin.Result apply(QueueAdmin admin, String id) throws IOException;
    }

    static String write(ObjectMapper mapper, Object o) {
        try {
            return mapper.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
