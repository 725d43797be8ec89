package org.mailsync.job;

import org.mailsync.report.SyncReport;

/**
 * A store's folders, and with {@code -m} their messages ({@code mailsync STORE}). Reads only.
 *
 * @param store        the store
 * @param withMessages list each folder's messages too
 * @param report       where results go
 */
public record ListJob(StoreSide store, boolean withMessages, SyncReport report) implements Job {
}
