package io.mxguard.lab.interop;

import io.mxguard.lab.peers.DaneSendingPostfix;
import io.mxguard.lab.peers.Postfix;
import io.mxguard.lab.peers.PrivateDns;
import io.mxguard.lab.scenario.Attack;
import io.mxguard.lab.scenario.AttackMatrix;
import io.mxguard.lab.scenario.Outcome;
import io.mxguard.lab.sender.LabMessage;
import io.mxguard.lab.world.LabWorld;
import io.mxguard.smtp.client.ClientOptions;
import io.mxguard.smtp.client.Envelope;
import io.mxguard.smtp.client.SmtpClient;
import io.mxguard.smtp.client.SmtpOutcome;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * PostfixDaneSenderRun - the child process of {@link PostfixDaneSenderInteropTest}: a real Postfix as
 * Alice's sender, {@code smtp_tls_security_level = dane}, behind a private unbound, against the lab's
 * attacks. It must run in a private network namespace ({@link PrivateDns}: the test starts it with
 * {@code unshare}), because Postfix looks up MX and TLSA records only through /etc/resolv.conf.
 *
 * <p>For each attack id given: a world for the attack's kind of destination, the attack staged as the
 * matrix stages it ({@link AttackMatrix#stage}), a fresh unbound on 127.0.0.1:53 whose stub zones point
 * at the resolver the attack leaves Alice (the hijacker for DNS attacks), a fresh Postfix, one
 * {@link LabMessage} submitted, then Postfix's first {@code status=} line. Judged as the matrix judges:
 * the attacker's MX stored it → INTERCEPTED, else Bob's MX has it → DELIVERED, else DEFERRED. Prints one
 * line per attack, {@code ROW <id> <KIND> | <status line> | <first TLS line>}, or {@code ROW <id> ERROR
 * <what>}; exit 0 when every row ran, 1 otherwise, 2 when not in a private namespace.
 */
public final class PostfixDaneSenderRun {
    private static final Pattern STATUS = Pattern.compile("postfix/smtp\\[\\d+\\]: .*status=(sent|deferred|bounced)");
    private static final Pattern TLS = Pattern.compile("postfix/smtp\\[\\d+\\]: \\w+ TLS connection established");
    private static final Duration STATUS_WITHIN = Duration.ofSeconds(30);

    private PostfixDaneSenderRun() {
    }

    public static void main(String[] args) throws Exception {
        Optional<String> notPrivate = PrivateDns.unavailableReason();
        if (notPrivate.isPresent()) {
            System.out.println("ERROR " + notPrivate.get());
            System.exit(2);
        }
        Map<Attack.World, List<Attack>> byWorld = new LinkedHashMap<>();
        for (String id : args) {
            Attack attack = Attack.byId(id).orElseThrow(() -> new IllegalArgumentException("no attack " + id));
            byWorld.computeIfAbsent(attack.world(), w -> new ArrayList<>()).add(attack);
        }
        boolean allRan = true;
        for (Map.Entry<Attack.World, List<Attack>> group : byWorld.entrySet()) {
            try (LabWorld world = LabWorld.start(AttackMatrix.options(group.getKey()))) {
                for (Attack attack : group.getValue()) {
                    String row;
                    try {
                        row = row(world, attack);
                    } catch (IOException | RuntimeException e) {
                        row = "ERROR " + e;
                        allRan = false;
                    }
                    System.out.println("ROW " + attack.id() + " " + row);
                    System.out.flush();
                }
            }
        }
        System.exit(allRan ? 0 : 1);
    }

    private static String row(LabWorld world, Attack attack) throws IOException {
        if (attack.onPath()) {
            throw new IOException(attack.id() + " needs the on-path stripper, which only in-process senders reach");
        }
        try (AttackMatrix.Staged staged = AttackMatrix.stage(world, attack);
             DaneSendingPostfix sender = DaneSendingPostfix.start(world, staged.resolver(), false)) {
            Postfix postfix = sender.postfix();
            LabMessage message = LabMessage.fresh();
            SmtpOutcome<SmtpClient.Delivered> handed = new SmtpClient(ClientOptions.defaults()
                    .withAllTimeouts(Duration.ofSeconds(10))).deliver(postfix.address(), "client.source.com",
                    Optional.empty(), new Envelope(LabMessage.FROM, List.of(LabMessage.TO)), message.content());
            if (!handed.isOk()) {
                throw new IOException("Postfix did not accept the message: " + handed + postfix.describe());
            }
            String status = postfix.awaitLog(STATUS, STATUS_WITHIN);
            boolean attackerHas = world.attackerMx().messages().stream()
                    .anyMatch(m -> LabMessage.carries(m.data(), message.marker()));
            boolean bobHas = world.bobMx().messages().stream()
                    .anyMatch(m -> LabMessage.carries(m.data(), message.marker()));
            Outcome.Kind kind = attackerHas ? Outcome.Kind.INTERCEPTED
                    : bobHas ? Outcome.Kind.DELIVERED : Outcome.Kind.DEFERRED;
            String tls = postfix.log().lines().filter(l -> TLS.matcher(l).find()).findFirst().orElse("no TLS");
            return kind + " | " + status.substring(status.indexOf("postfix/")) + " | "
                    + (tls.contains("postfix/") ? tls.substring(tls.indexOf("postfix/")) : tls);
        }
    }
}
