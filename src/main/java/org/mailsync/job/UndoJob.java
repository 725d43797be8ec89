package org.mailsync.job;

import java.time.Instant;

import org.mailsync.msinfo.SyncState;
import org.mailsync.report.SyncReport;
import org.mailsync.trash.ChannelTrash;

/**
 * {@code mailsync undo CHANNEL}: put the messages the channel's syncs moved to its trashes back
 * where they were deleted from.
 *
 * @param channel  the channel
 * @param a        side A (the run's own store)
 * @param b        side B
 * @param state    the channel's state, which holds the deletion log
 * @param trash    where each side's trash is
 * @param since    restore the deletions of every run since then; null for the last run that deleted
 * @param listOnly {@code -s}: list what would be restored, change nothing
 * @param report   where results go
 */
public record UndoJob(String channel, StoreSide a, StoreSide b, SyncState state, ChannelTrash trash, Instant since,
                      boolean listOnly, SyncReport report) implements Job {
}
