package org.mailsync.job;

import java.util.List;

import org.mailsync.identity.IdentityMode;
import org.mailsync.msinfo.SyncState;
import org.mailsync.report.SyncReport;
import org.mailsync.trash.ChannelTrash;

/**
 * A check of a store's folders, or of both stores of a channel and its state
 * ({@code mailsync check STORE|CHANNEL}): structure faults, unreadable and malformed messages,
 * messages without Message-ID, duplicates and, for a channel, msinfo entries that match no
 * message. Reads only, unless {@code fixDuplicates} asks to remove byte-identical copies.
 *
 * @param channel       the channel's name, or null when a store is checked
 * @param stores        the store, or the channel's two stores (side A first)
 * @param state         the channel's msinfo opened read-only, or null when a store is checked
 * @param identity      how the channel identifies messages (what its msinfo holds)
 * @param fixDuplicates {@code --fix-duplicates}: delete the later byte-identical copies
 * @param report        where results go
 * @param trash         a channel's trash, where {@code --fix-duplicates} moves what it removes
 *                      (logged, so {@code mailsync undo} restores it); null for a store check or
 *                      a check that changes nothing: removals are then final
 */
public record CheckJob(String channel, List<StoreSide> stores, SyncState state, IdentityMode identity,
                       boolean fixDuplicates, SyncReport report, ChannelTrash trash) implements Job {

    public CheckJob {
        stores = List.copyOf(stores);
    }

    /** A check without a trash: what {@code --fix-duplicates} removes is gone for good. */
    public CheckJob(String channel, List<StoreSide> stores, SyncState state, IdentityMode identity, boolean fixDuplicates,
                    SyncReport report) {
        this(channel, stores, state, identity, fixDuplicates, report, null);
    }

    /** Side A's store (the only one of a store check). */
    public StoreSide a() {
        return stores.get(0);
    }

    /** Side B's store, or null for a store check. */
    public StoreSide b() {
        return stores.size() > 1 ? stores.get(1) : null;
    }
}
