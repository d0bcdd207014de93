package io.mxguard.smtp.client;

import io.mxguard.smtp.DsnNotify;
import io.mxguard.smtp.Xtext;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * DsnParameters - the RFC 3461 parameters of one transaction: RET and ENVID for MAIL, NOTIFY and ORCPT for
 * each RCPT (in the envelope's recipient order). They go out only to a server whose EHLO announced DSN
 * (§5.2.1); to any other, none of them (§5.2.2(a)). ENVID and ORCPT are held as xtext, exactly as they were
 * received, so that a relay passes them on unchanged; {@link Xtext#encode} makes one from plain text.
 *
 * @param ret        RET, or empty when the message came without one (then none is sent: §5.2.1(b))
 * @param envelopeId ENVID as xtext, or empty (then none is sent: §5.2.1(a))
 * @param recipients one entry per envelope recipient, or none at all for "no RCPT parameters"
 */
public record DsnParameters(Optional<Ret> ret, Optional<String> envelopeId, List<Rcpt> recipients) {

    /** NONE - no DSN parameters: the server's defaults apply (RFC 3461 §4.1, §4.3). */
    public static final DsnParameters NONE = new DsnParameters(Optional.empty(), Optional.empty(), List.of());

    /** RFC 3461 §4.3 RET values. */
    public enum Ret { FULL, HDRS }

    /**
     * Rcpt - one recipient's NOTIFY and ORCPT.
     *
     * @param notifyOn          the NOTIFY set; empty when none was given (then none is sent: §5.2.1(c))
     * @param originalRecipient ORCPT as {@code addr-type;xtext}, or empty
     */
    public record Rcpt(Set<DsnNotify> notifyOn, Optional<String> originalRecipient) {
        public static final Rcpt NONE = new Rcpt(Set.of(), Optional.empty());

        public Rcpt {
            notifyOn = Set.copyOf(notifyOn);
            Objects.requireNonNull(originalRecipient, "originalRecipient");
            // RFC 3461 §4.1: NEVER stands alone.
            if (notifyOn.contains(DsnNotify.NEVER) && notifyOn.size() > 1) {
                throw new IllegalArgumentException("NOTIFY=NEVER cannot be combined: " + notifyOn);
            }
            // These values go on a command line as they are: nothing but xtext may (no space, no CRLF).
            originalRecipient.filter(o -> !Xtext.isOriginalRecipient(o)).ifPresent(o -> {
                throw new IllegalArgumentException("ORCPT is not addr-type;xtext of at most 500 characters: " + o);
            });
        }
    }

    public DsnParameters {
        Objects.requireNonNull(ret, "ret");
        Objects.requireNonNull(envelopeId, "envelopeId");
        recipients = List.copyOf(recipients);
        // RFC 3461 §4.4: ENVID is xtext of at most 100 characters.
        envelopeId.filter(id -> id.length() > 100 || !Xtext.isValid(id)).ifPresent(id -> {
            throw new IllegalArgumentException("ENVID is not xtext of at most 100 characters: " + id);
        });
    }

    /** recipient - the parameters of the {@code i}-th envelope recipient ({@link Rcpt#NONE} when there are none). */
    public Rcpt recipient(int i) {
        return recipients.isEmpty() ? Rcpt.NONE : recipients.get(i);
    }
}
