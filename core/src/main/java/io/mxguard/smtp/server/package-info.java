/**
 * The strict ESMTP server applications hand mail to (DESIGN §5, SMTP server).
 *
 * <p>{@link io.mxguard.smtp.server.SmtpServer} listens per {@link io.mxguard.smtp.server.ServerConfig},
 * serves one session per connection and puts each accepted message into a
 * {@link io.mxguard.queue.MessageStore}; the 250 with the queue id is sent only after the store returned,
 * and a store failure is answered 451 4.3.0 with nothing kept.
 *
 * <p>What it refuses, and how:
 * <ul>
 *   <li>a bare CR or LF in message text (SMTP smuggling, CVE-2023-51764): 550 5.6.11, nothing stored,
 *       and the session ends, since the client and we may disagree on where the message ended;</li>
 *   <li>a bare CR or LF, or more than 2048 octets, in a command line: 500 5.5.2 and the session ends;
 *       other command lines are bounded to 512 octets (RFC 5321 §4.5.3.1.4), MAIL and RCPT to 2048;</li>
 *   <li>a message text line over 1000 octets: 500 5.5.2 after the end of data, nothing stored;</li>
 *   <li>SIZE= over the limit: 552 5.3.4 at MAIL; more octets than the limit while reading: 552 5.3.4;</li>
 *   <li>RCPT from a client outside the relay networks and not authenticated: 554 5.7.1, whatever the
 *       address looks like;</li>
 *   <li>more recipients than the limit: 452 4.5.3; more sessions than the limits: 421 4.7.0;</li>
 *   <li>a read that times out: 421 4.4.2; any unexpected fault: 421 4.3.0 and a log line, never a trace.</li>
 * </ul>
 * After STARTTLS (TLS 1.2+) anything the client pipelined behind the command is dropped and the session
 * starts over: EHLO is required again (RFC 3207 §4.2, CVE-2011-0411). REQUIRETLS is offered only over TLS.
 *
 * <p>AUTH (RFC 4954) is offered only with {@link io.mxguard.smtp.server.ServerConfig#withUsers} and only
 * after STARTTLS: PLAIN and LOGIN against a {@link io.mxguard.smtp.server.auth.UsersFile}. Before TLS, AUTH
 * gets 538 5.7.11; undecodable responses 501 5.5.2; "*" 501 5.0.0; bad credentials 535 5.7.8 after a
 * one-second pause, and the third failure 421 4.7.0 and the end of the session; a second AUTH 503 5.5.1.
 * An authenticated client may relay from any network; its Received header says ESMTPSA, and the user is
 * kept in the envelope's received-from text (not in the header). Response lines are bounded like MAIL's.
 * Not implemented: CHUNKING/BINARYMIME, reverse DNS of clients, SASL mechanisms other than PLAIN and LOGIN.
 */
package io.mxguard.smtp.server;
