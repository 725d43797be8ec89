package org.mailsync.trash;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.mailsync.msinfo.DeletionRecord;
import org.mailsync.msinfo.MsinfoException;
import org.mailsync.msinfo.SyncState;
import org.mailsync.store.MailStore;
import org.mailsync.store.MessageMeta;
import org.mailsync.store.StoreException;
import org.mailsync.sync.Side;

/**
 * Removes for good what a channel's syncs put in its trashes longer ago than its
 * {@code trashdays}: exactly the logged messages (IMAP: {@code UID EXPUNGE} of exactly their
 * UIDs in the trash folder; local: their files), never anything else a trash holds. The log
 * rows go first, then the messages, so that a kill in between leaves a message in the trash
 * that the log no longer names (found by hand, or by the server's own expiry) rather than a
 * log row naming a message that is gone.
 */
public final class TrashPurger {

    private TrashPurger() {
    }

    /**
     * Purges the channel's expired trash entries.
     *
     * @param storeA side A's store, storeB side B's (the run's own)
     * @return how many messages were removed from the trashes
     */
    public static int purge(ChannelTrash trash, SyncState state, String channel, MailStore storeA, MailStore storeB)
            throws MsinfoException, StoreException {
        Instant cutoff = trash.clock().instant().minus(trash.retention());
        Map<String, List<DeletionRecord>> groups = new LinkedHashMap<>();
        for (DeletionRecord r : state.deletionsBefore(channel, cutoff)) {
            groups.computeIfAbsent(r.side() + "\n" + r.trashFolder(), k -> new ArrayList<>()).add(r);
        }
        int purged = 0;
        for (List<DeletionRecord> group : groups.values()) {
            DeletionRecord first = group.get(0);
            SideTrash bin = trash.side(first.side());
            if (bin == null) {
                continue; // a store that has no trash any more: its rows wait
            }
            MailStore sideStore = first.side() == Side.A ? storeA : storeB;
            MailStore binStore = bin.store(sideStore);
            List<String> present = present(binStore, first.trashFolder(), group);
            state.forgetDeletions(group.stream().map(DeletionRecord::id).toList());
            binStore.delete(first.trashFolder(), present);
            purged += present.size();
        }
        return purged;
    }

    /** The group's trash keys still in the trash folder (a user may have emptied it meanwhile). */
    private static List<String> present(MailStore binStore, String folder, List<DeletionRecord> group) throws StoreException {
        if (!binStore.exists(folder)) {
            return List.of();
        }
        Set<String> there = new HashSet<>();
        for (MessageMeta m : binStore.index(folder)) {
            there.add(m.key());
        }
        return group.stream().map(DeletionRecord::trashKey).filter(k -> k != null && there.contains(k)).distinct().toList();
    }
}
