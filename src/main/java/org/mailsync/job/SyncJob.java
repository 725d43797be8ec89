package org.mailsync.job;

import java.util.Objects;

import org.mailsync.identity.IdentityMode;
import org.mailsync.msinfo.SyncState;
import org.mailsync.report.SyncReport;
import org.mailsync.sync.Side;
import org.mailsync.sync.SyncOptions;
import org.mailsync.trash.ChannelTrash;

/**
 * A sync of a channel's two stores ({@code mailsync CHANNEL}).
 *
 * <p>The run's job holds the stores the run opened first (used to list the folders); each
 * folder pair works on a job of its own, {@link #forPair}, whose sides are the stores the pair
 * leased and whose report is the pair's section of the run's report, so that the beans of the
 * route set find everything for the pair in one place, whichever pairs run beside it.
 *
 * @param channel  the channel's name (state is kept per channel)
 * @param a        side A
 * @param b        side B
 * @param state    the channel's msinfo
 * @param options  the planner's options
 * @param identity how messages are identified
 * @param simulate {@code -s}: plan and report, change nothing
 * @param report   where results go
 * @param parallel how many folder pairs run at once (1: one after another)
 * @param leases   where each folder pair gets its stores
 * @param trash    where deletions go and how long they are kept (recoverable deletions)
 * @param specialUse {@code specialuse on}: folders with the same special-use attribute (or a
 *                 local folder of a well-known name for it) are paired whatever their names
 */
public record SyncJob(String channel, StoreSide a, StoreSide b, SyncState state, SyncOptions options,
                      IdentityMode identity, boolean simulate, SyncReport report, int parallel,
                      StoreLeases leases, ChannelTrash trash, boolean specialUse) implements Job {

    public SyncJob {
        Objects.requireNonNull(leases, "leases");
        trash = trash == null ? ChannelTrash.none() : trash;
        if (parallel < 1) {
            throw new IllegalArgumentException("parallel must be at least 1: " + parallel);
        }
    }

    /** A job pairing folders by name only. */
    public SyncJob(String channel, StoreSide a, StoreSide b, SyncState state, SyncOptions options, IdentityMode identity,
                   boolean simulate, SyncReport report, int parallel, StoreLeases leases, ChannelTrash trash) {
        this(channel, a, b, state, options, identity, simulate, report, parallel, leases, trash, false);
    }

    /** A job without a trash: every deletion is final. */
    public SyncJob(String channel, StoreSide a, StoreSide b, SyncState state, SyncOptions options, IdentityMode identity,
                   boolean simulate, SyncReport report, int parallel, StoreLeases leases) {
        this(channel, a, b, state, options, identity, simulate, report, parallel, leases, null);
    }

    /**
     * A job whose folder pairs run one after another on the run's own two stores: the sync as
     * it was before pairs ran in parallel, for tests and embedders that open stores themselves.
     */
    public SyncJob(String channel, StoreSide a, StoreSide b, SyncState state, SyncOptions options,
                   IdentityMode identity, boolean simulate, SyncReport report) {
        this(channel, a, b, state, options, identity, simulate, report, 1, StoreLeases.shared(a.store(), b.store()));
    }

    /** The job as one folder pair sees it: its report section instead of the run's report. */
    public SyncJob withReport(SyncReport pairReport) {
        return new SyncJob(channel, a, b, state, options, identity, simulate, pairReport, parallel, leases, trash, specialUse);
    }

    /** The job as one folder pair sees it: the stores it leased instead of the run's own. */
    public SyncJob forPair(StoreLease lease) {
        return new SyncJob(channel, a.withStore(lease.a()), b.withStore(lease.b()), state, options, identity, simulate,
                report, parallel, leases, trash, specialUse);
    }

    /** The store side of a {@link Side}. */
    public StoreSide side(Side side) {
        return side == Side.A ? a : b;
    }
}
