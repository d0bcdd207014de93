package io.mxguard.dns;

/**
 * TransportStats - what the upstream transport has met since start.
 *
 * @param queries datagrams (or TCP queries) sent, tries included
 * @param retries tries after the first, for any reason
 * @param wrongIdReplies replies whose message ID did not match (spoofing attempts, or late replies)
 * @param malformedReplies replies that did not parse or did not match the question
 * @param timeouts tries that got no reply in time
 */
public record TransportStats(long queries, long retries, long wrongIdReplies, long malformedReplies, long timeouts) {
}
