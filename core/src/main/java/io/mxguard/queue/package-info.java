/**
 * The durable mail queue: spool, scheduler, backoff, bounces.
 *
 * <p><b>What it does.</b> {@link io.mxguard.queue.Spool} is the queue directory (one subdirectory
 * per {@link io.mxguard.queue.QueueState}: incoming, active, deferred, hold, corrupt; 0700); a
 * message is one file in the {@link io.mxguard.queue.QueueFile} record format ending in {@code END}.
 * {@link io.mxguard.queue.Spool#enqueue} returns only after the file and its directory are fsync'd
 * (directory syncs are group-committed across concurrent callers). {@link io.mxguard.queue.QueueManager}
 * schedules: incoming and due deferred messages go to active, one {@link io.mxguard.queue.DomainDelivery}
 * attempt per recipient domain, then the file is deleted (all recipients final) or rewritten and
 * moved to deferred with a backoff (5 min doubling to 4 h, 5 days lifetime: see
 * {@link io.mxguard.queue.QueueConfig}). DSNs (RFC 3464) go to the envelope sender from the null
 * sender under each recipient's NOTIFY (RFC 3461); a null-sender message is never bounced.
 * {@link io.mxguard.queue.QueueAdmin} lists, shows, holds, releases, deletes and flushes.
 *
 * <p><b>Thread safety.</b> All public classes are thread-safe; the admin is safe against a running
 * scheduler, in this process or another, because every state change is an atomic rename.
 *
 * <p><b>On failure.</b> A file that does not parse goes to {@code corrupt} with a log line. A crash
 * leaves each message in exactly one directory: {@code active} files are retried on start-up.
 * XXX: a crash between enqueueing a DSN and recording the outcome can send that DSN twice; losing
 * it would be worse.
 */
package io.mxguard.queue;
