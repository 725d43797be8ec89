package org.mailsync.job;

import org.mailsync.identity.IdentityMode;
import org.mailsync.msinfo.SyncState;
import org.mailsync.report.SyncReport;
import org.mailsync.sync.Side;
import org.mailsync.sync.SyncOptions;

/**
 * A sync of a channel's two stores ({@code mailsync CHANNEL}).
 *
 * @param channel  the channel's name (state is kept per channel)
 * @param a        side A
 * @param b        side B
 * @param state    the channel's msinfo
 * @param options  the planner's options
 * @param identity how messages are identified
 * @param simulate {@code -s}: plan and report, change nothing
 * @param report   where results go
 */
public record SyncJob(String channel, StoreSide a, StoreSide b, SyncState state, SyncOptions options,
                      IdentityMode identity, boolean simulate, SyncReport report) implements Job {

    /** The store side of a {@link Side}. */
    public StoreSide side(Side side) {
        return side == Side.A ? a : b;
    }
}
