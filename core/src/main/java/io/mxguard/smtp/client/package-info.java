/**
 * The ESMTP client: one connection to one route, with STARTTLS under the caller's trust manager.
 *
 * <p><b>What it does.</b> {@link io.mxguard.smtp.client.SmtpClient#connect} opens an
 * {@link io.mxguard.smtp.client.SmtpSession} to an address and port; the session does EHLO (HELO on
 * 5yz), STARTTLS (RFC 3207, TLS 1.2+, SNI as given, EHLO again with prior extensions forgotten), and
 * transactions with PIPELINING, SIZE, 8BITMIME and SMTPUTF8 when offered, dot-stuffing, and a result
 * per recipient. An {@link io.mxguard.smtp.client.Envelope} may carry RFC 3461
 * {@link io.mxguard.smtp.client.DsnParameters}; they go out only when the server announces DSN, and the
 * {@link io.mxguard.smtp.client.Transaction} says whether they did. {@code deliver} and {@code probe}
 * list the whole flow in one method each; {@code ready} hands over a session after STARTTLS for
 * callers that keep it for several transactions (RSET between them, RFC 5321 §4.1.1.5; never after a
 * failure or a 421).
 *
 * <p><b>Inputs.</b> Trust is the caller's: an {@link javax.net.ssl.SSLContext} whose trust manager
 * decides (DANE, PKIX, or anything for opportunistic TLS), and the SNI name. This package never
 * checks host names itself; it reports {@link io.mxguard.smtp.client.TlsFacts} and the delivery
 * layer names the level.
 *
 * <p><b>Outcomes.</b> Every step returns an {@link io.mxguard.smtp.client.SmtpOutcome}; failures are
 * {@link io.mxguard.smtp.client.SmtpFailure}s with a kind, stage, temporary/permanent, enhanced status
 * and a sentence for a mail admin. Only a 5yz reply or a message we refuse to send is permanent.
 *
 * <p><b>Bounds.</b> Reply line length, lines per reply and octets per reply; every reply has a deadline
 * (RFC 5321 §4.5.3.2, configurable in {@link io.mxguard.smtp.client.ClientOptions}) and every write a
 * watchdog. Input with bare CR or LF is refused before anything is sent.
 *
 * <p><b>Thread safety.</b> {@code SmtpClient} is thread-safe; a session is driven by one thread.
 */
package io.mxguard.smtp.client;
