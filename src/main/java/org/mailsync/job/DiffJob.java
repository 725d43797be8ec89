package org.mailsync.job;

import org.mailsync.identity.IdentityMode;
import org.mailsync.msinfo.SyncState;
import org.mailsync.report.SyncReport;
import org.mailsync.sync.Side;

/**
 * What changed in one store of a channel since its last sync ({@code mailsync CHANNEL STORE}).
 * Reads only: the state is opened read-only.
 *
 * @param channel  the channel's name
 * @param side     which of the channel's sides the store is
 * @param store    that store
 * @param state    the channel's msinfo, read-only
 * @param identity how messages are identified
 * @param report   where results go
 */
public record DiffJob(String channel, Side side, StoreSide store, SyncState state, IdentityMode identity,
                      SyncReport report) implements Job {
}
