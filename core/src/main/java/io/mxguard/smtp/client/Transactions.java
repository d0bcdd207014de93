package io.mxguard.smtp.client;

import io.mxguard.smtp.DsnNotify;
import io.mxguard.smtp.Extensions;
import io.mxguard.smtp.Reply;
import io.mxguard.smtp.ReplyCode;
import io.mxguard.smtp.client.SmtpFailure.Fault;
import io.mxguard.smtp.client.SmtpFailure.Kind;
import io.mxguard.smtp.client.SmtpFailure.Stage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Transactions - one MAIL/RCPT/DATA exchange on a session, pipelined when the server allows.
 */
final class Transactions {
    private final SmtpSession session;
    private final ClientOptions options;

    Transactions(SmtpSession session) {
        this.session = session;
        this.options = session.options();
    }

    /**
     * refuseLocally - the reason not to start this transaction at all, or empty. Nothing is sent for
     * these: bad input, or a message this server cannot take without being altered.
     */
    static Optional<SmtpFailure> refuseLocally(Envelope envelope, byte[] message, Extensions ext, String server) {
        Optional<String> bad = MessageCheck.addressProblem(envelope.mailFrom());
        if (bad.isPresent()) {
            return Optional.of(SmtpFailure.permanent(Kind.INVALID_MESSAGE, Stage.MAIL, Fault.MESSAGE, "5.1.7",
                    "the sender " + bad.get() + "; not sent"));
        }
        for (String rcpt : envelope.recipients()) {
            bad = MessageCheck.addressProblem(rcpt).or(() -> rcpt.isEmpty() ? Optional.of("is empty") : Optional.empty());
            if (bad.isPresent()) {
                return Optional.of(SmtpFailure.permanent(Kind.INVALID_MESSAGE, Stage.RCPT, Fault.MESSAGE, "5.1.3",
                        "a recipient " + bad.get() + "; not sent"));
            }
        }
        bad = MessageCheck.problem(message);
        if (bad.isPresent()) {
            return Optional.of(SmtpFailure.permanent(Kind.INVALID_MESSAGE, Stage.DATA, Fault.MESSAGE, "5.6.0",
                    bad.get() + "; refused before sending rather than risk SMTP smuggling or mangling"));
        }
        MessageCheck.Needs needs = MessageCheck.needs(message, envelope);
        OptionalLong limit = ext.sizeLimit();
        // RFC 1870 §6: do not send a message larger than the server's announced fixed limit.
        if (limit.isPresent() && message.length > limit.getAsLong()) {
            return Optional.of(SmtpFailure.permanent(Kind.UNSUPPORTED_BY_SERVER, Stage.MAIL, Fault.MESSAGE, "5.3.4",
                    "the message is " + message.length + " octets; " + server + " accepts at most "
                            + limit.getAsLong() + " (SIZE); not sent"));
        }
        // RFC 6152 §3: 8-bit data only to a server announcing 8BITMIME; we do not downgrade.
        if (needs.eightBit() && !ext.eightBitMime()) {
            return Optional.of(SmtpFailure.permanent(Kind.UNSUPPORTED_BY_SERVER, Stage.MAIL, Fault.MESSAGE, "5.6.3",
                    "the message has 8-bit data and " + server + " does not announce 8BITMIME; not sent"));
        }
        // RFC 6531 §3.4: non-ASCII addresses only with SMTPUTF8.
        if (needs.utf8Addresses() && !ext.smtpUtf8()) {
            return Optional.of(SmtpFailure.permanent(Kind.UNSUPPORTED_BY_SERVER, Stage.MAIL, Fault.MESSAGE, "5.6.7",
                    "the envelope has non-ASCII addresses and " + server + " does not announce SMTPUTF8; not sent"));
        }
        return Optional.empty();
    }

    /** run - the transaction; the caller has checked {@link #refuseLocally}. */
    SmtpOutcome<Transaction> run(Envelope envelope, byte[] message) {
        Extensions ext = session.extensions();
        MessageCheck.Needs needs = MessageCheck.needs(message, envelope);
        String mail = mailCommand(envelope, message, needs, ext);
        List<String> rcpts = new ArrayList<>();
        for (int i = 0; i < envelope.recipients().size(); i++) {
            rcpts.add(rcptCommand(envelope, i, ext));
        }
        boolean pipelining = ext.pipelining();
        Stage stage = Stage.MAIL;
        try {
            Reply mailReply;
            List<Reply> rcptReplies = new ArrayList<>();
            Reply dataReply = null;
            if (pipelining) {
                // RFC 2920 §3.1: MAIL, RCPT... and DATA in one group; DATA is the last command of it.
                session.write(mail);
                for (String rcpt : rcpts) {
                    session.write(rcpt);
                }
                session.write("DATA");
                session.flush(options.mailTimeout());
                mailReply = session.read(options.mailTimeout());
                stage = Stage.RCPT;
                for (int i = 0; i < envelope.recipients().size(); i++) {
                    rcptReplies.add(session.read(options.rcptTimeout()));
                }
                stage = Stage.DATA;
                dataReply = session.read(options.dataInitTimeout());
            } else {
                mailReply = session.command(mail, options.mailTimeout());
                if (mailReply.isPositive()) {
                    stage = Stage.RCPT;
                    for (String rcpt : rcpts) {
                        rcptReplies.add(session.command(rcpt, options.rcptTimeout()));
                    }
                }
            }
            if (!mailReply.isPositive()) {
                abortData(dataReply);
                return SmtpOutcome.failed(SmtpFailure.rejected(Stage.MAIL, mailReply, session.server()));
            }
            boolean anyAccepted = rcptReplies.stream().anyMatch(Reply::isPositive);
            if (!pipelining) {
                if (!anyAccepted) {
                    stage = Stage.RSET;
                    session.command("RSET", options.ehloTimeout());
                    return SmtpOutcome.ok(finish(envelope, mailReply, rcptReplies, null, false, ext.dsn()));
                }
                stage = Stage.DATA;
                dataReply = session.command("DATA", options.dataInitTimeout());
            }
            if (!anyAccepted) {
                // RFC 2920 §3.1: a server should refuse DATA with no valid recipient; if it did not, end the
                // data at once so no message is accepted.
                abortData(dataReply);
                return SmtpOutcome.ok(finish(envelope, mailReply, rcptReplies, null, pipelining, ext.dsn()));
            }
            if (dataReply.code() != ReplyCode.START_MAIL_INPUT) {
                if (dataReply.isPositive()) {
                    throw new io.mxguard.smtp.SmtpProtocolException(
                            io.mxguard.smtp.SmtpProtocolException.Violation.UNEXPECTED_INPUT,
                            "DATA answered with \"" + dataReply + "\" instead of 354");
                }
                return SmtpOutcome.ok(finish(envelope, mailReply, rcptReplies, dataReply, pipelining, ext.dsn()));
            }
            stage = Stage.DATA_BLOCK;
            session.writeBytes(MessageCheck.dataBlock(message), options.dataBlockTimeout());
            session.flush(options.dataBlockTimeout());
            stage = Stage.DATA_END;
            Reply finalReply = session.read(options.dataTermTimeout());
            return SmtpOutcome.ok(finish(envelope, mailReply, rcptReplies, finalReply, pipelining, ext.dsn()));
        } catch (IOException e) {
            return SmtpOutcome.failed(session.broken(stage, e));
        }
    }

    /**
     * mailCommand - RFC 5321 §4.1.1.2 with RFC 1870 SIZE, RFC 6152 BODY=8BITMIME, RFC 6531 SMTPUTF8, and RFC 3461
     * RET and ENVID when the server announced DSN (§5.2.1(a), (b): as received; §5.2.2(a): never to any other).
     */
    static String mailCommand(Envelope envelope, byte[] message, MessageCheck.Needs needs, Extensions ext) {
        StringBuilder sb = new StringBuilder("MAIL FROM:<").append(envelope.mailFrom()).append('>');
        if (ext.size()) {
            sb.append(" SIZE=").append(message.length);
        }
        if (needs.eightBit()) {
            sb.append(" BODY=8BITMIME");
        }
        if (needs.utf8Addresses()) {
            sb.append(" SMTPUTF8");
        }
        if (ext.dsn()) {
            envelope.dsn().ret().ifPresent(ret -> sb.append(" RET=").append(ret.name()));
            envelope.dsn().envelopeId().ifPresent(id -> sb.append(" ENVID=").append(id));
        }
        return sb.toString();
    }

    /**
     * rcptCommand - RCPT TO for the {@code i}-th recipient, with RFC 3461 NOTIFY and ORCPT when the server
     * announced DSN (§5.2.1(c), (d): as received, ORCPT byte for byte; §5.2.2(a): never to any other).
     */
    static String rcptCommand(Envelope envelope, int i, Extensions ext) {
        StringBuilder sb = new StringBuilder("RCPT TO:<").append(envelope.recipients().get(i)).append('>');
        if (ext.dsn()) {
            DsnParameters.Rcpt dsn = envelope.dsn().recipient(i);
            if (!dsn.notifyOn().isEmpty()) {
                sb.append(" NOTIFY=").append(String.join(",", dsn.notifyOn().stream().sorted()
                        .map(DsnNotify::name).toList()));
            }
            dsn.originalRecipient().ifPresent(o -> sb.append(" ORCPT=").append(o));
        }
        return sb.toString();
    }

    /** abortData - a 354 we did not want (no recipients, MAIL refused) gets an empty message ended at once. */
    private void abortData(Reply dataReply) throws IOException {
        if (dataReply != null && dataReply.code() == ReplyCode.START_MAIL_INPUT) {
            session.write(".");
            session.flush(options.dataBlockTimeout());
            session.read(options.dataTermTimeout());
        }
    }

    private static Transaction finish(Envelope envelope, Reply mailReply, List<Reply> rcptReplies, Reply decisive,
                                      boolean pipelined, boolean dsnPassedOn) {
        List<RecipientResult> results = new ArrayList<>();
        for (int i = 0; i < envelope.recipients().size(); i++) {
            Reply rcpt = rcptReplies.get(i);
            Reply deciding = rcpt.isPositive() && decisive != null ? decisive : rcpt;
            RecipientResult.Status status = rcpt.isPositive() && decisive == null
                    ? RecipientResult.Status.TEMPORARY_FAILURE : RecipientResult.statusOf(deciding);
            results.add(new RecipientResult(envelope.recipients().get(i), status, rcpt, deciding));
        }
        Optional<Reply> data = Optional.ofNullable(decisive);
        return new Transaction(mailReply, results, data, pipelined, dsnPassedOn);
    }
}
