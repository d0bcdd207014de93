/**
 * Reports made from delivery outcomes.
 *
 * <p>{@link io.mxguard.report.DeliveryLog} turns one {@link io.mxguard.delivery.RecipientOutcome}
 * into one log line, Postfix-style text or a JSON object, for the relay's delivery log. Pure and
 * thread-safe; a remote server's text is kept on one line so a reply cannot forge log lines.
 */
package io.mxguard.report;
