package org.mailsync.check;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.mailsync.job.StoreSide;
import org.mailsync.msinfo.MsinfoException;
import org.mailsync.msinfo.SyncState;
import org.mailsync.store.MessageMeta;
import org.mailsync.store.StoreException;
import org.mailsync.sync.ActionType;
import org.mailsync.sync.IndexedMessage;
import org.mailsync.sync.Side;
import org.mailsync.sync.SyncAction;
import org.mailsync.trash.ChannelTrash;
import org.mailsync.trash.TrashMover;

/**
 * {@code --fix-duplicates}: removes the later byte-identical copies a check found, keeping the
 * first in folder order. In a channel's check they go to the channel's trash like a sync's
 * deletions (logged: {@code mailsync undo} restores them); in a store's check, or with
 * {@code trash off}, through the store's normal {@link org.mailsync.store.MailStore#delete}
 * (which refuses a key that no longer names the same message). Nothing else is ever removed:
 * different messages under one Message-ID stay, since which one is right is the user's call.
 */
public final class DuplicateFixer {

    /**
     * Where a channel check's removals go.
     *
     * @param trash   the channel's trash
     * @param state   the channel's state, where the removals are logged
     * @param channel the channel
     * @param side    the side of the folder's store
     */
    public record Trash(ChannelTrash trash, SyncState state, String channel, Side side) {
    }

    private DuplicateFixer() {
    }

    /**
     * Removes a folder's identical copies, all in one store call.
     *
     * @param trash where they go, or null: removed for good
     * @return the folder with the places of what was removed
     * @throws StoreException nothing (or, where the store says so, not all) was removed
     * @throws MsinfoException moved to the trash, but not logged
     */
    public static CheckedFolder fix(CheckedFolder folder, StoreSide side, Trash trash) throws StoreException, MsinfoException {
        if (folder.identicalCopies().isEmpty()) {
            return folder;
        }
        List<String> keys = new ArrayList<>();
        List<String> places = new ArrayList<>();
        for (Map.Entry<ScannedMessage, ScannedMessage> copy : folder.identicalCopies().entrySet()) {
            keys.add(copy.getKey().key());
            places.add(copy.getKey().place() + " (a copy of " + copy.getValue().place() + ")");
        }
        if (trash != null && trash.trash().keeps(trash.side())) {
            // the log keeps each message's flags and date: taken from the folder as it is now
            Map<String, MessageMeta> metas = new HashMap<>();
            for (MessageMeta m : side.store().index(folder.folder())) {
                metas.put(m.key(), m);
            }
            List<SyncAction> actions = new ArrayList<>();
            for (ScannedMessage copy : folder.identicalCopies().keySet()) {
                MessageMeta meta = metas.get(copy.key());
                if (meta == null) {
                    throw new StoreException("folder " + folder.folder() + ": " + copy.place() + " is gone; nothing removed");
                }
                actions.add(new SyncAction(ActionType.DELETE_DUPLICATE, trash.side(),
                        new IndexedMessage(copy.identity(), meta, copy.digest())));
            }
            TrashMover.trash(trash.trash(), trash.state(), trash.channel(), trash.side(), side.store(), folder.boxname(),
                    folder.folder(), actions);
        } else {
            side.store().delete(folder.folder(), keys);
        }
        return folder.withRemoved(places);
    }
}
