package io.mxguard.lab.smtp;

import io.mxguard.pki.Certificates;
import java.time.Duration;
import java.util.Objects;

/**
 * LabFault - one way a {@link LabMailServer} misbehaves on purpose, for tests and attack scenarios.
 */
public sealed interface LabFault {

    /** Do not announce STARTTLS (and refuse it), as a server without TLS or behind a stripper. */
    record NoStartTls() implements LabFault {
    }

    /** Answer every MAIL FROM with {@code code} (4yz or 5yz). */
    record RejectMail(int code) implements LabFault {
    }

    /** Answer RCPT TO for {@code address} with {@code code} (4yz or 5yz). */
    record RejectRcpt(String address, int code) implements LabFault {
        public RejectRcpt {
            Objects.requireNonNull(address, "address");
        }
    }

    /** Send the 220 greeting, then close the connection. */
    record CloseAfterGreeting() implements LabFault {
    }

    /** Answer EHLO with a line that is not an SMTP reply. */
    record GarbageReply() implements LabFault {
    }

    /** Answer EHLO with a multi-line reply that never ends (until the client leaves). */
    record EndlessMultiline() implements LabFault {
    }

    /** Answer EHLO with the first line of a multi-line reply, then close. */
    record CloseMidReply() implements LabFault {
    }

    /** Wait this long before the greeting. */
    record SlowGreeting(Duration delay) implements LabFault {
        public SlowGreeting {
            Objects.requireNonNull(delay, "delay");
        }
    }

    /** Present this certificate (and key) in STARTTLS instead of the server's own. */
    record TlsCertificate(Certificates.Issued identity) implements LabFault {
        public TlsCertificate {
            Objects.requireNonNull(identity, "identity");
        }
    }

    /** Send a reply right behind "220 ready" to STARTTLS, in the plaintext (CVE-2011-0411 shape). */
    record InjectAfterStartTls() implements LabFault {
    }
}
