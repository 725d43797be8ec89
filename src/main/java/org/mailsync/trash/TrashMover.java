package org.mailsync.trash;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.mailsync.msinfo.DeletionRecord;
import org.mailsync.msinfo.MsinfoException;
import org.mailsync.msinfo.SyncState;
import org.mailsync.store.MailStore;
import org.mailsync.store.MessageMeta;
import org.mailsync.store.StoreException;
import org.mailsync.store.local.LocalStore;
import org.mailsync.store.local.MaildirRenames;
import org.mailsync.sync.FlagState;
import org.mailsync.sync.Side;
import org.mailsync.sync.SyncAction;

/**
 * Carries out one side's deletions of a folder pair as moves to that side's trash, and logs
 * them in the state for {@code mailsync undo}.
 *
 * <p>The order, so that a kill at any moment never loses a message (it is in its folder, in
 * the trash, or in both; never in neither), and the log never claims what is not there:
 * <ol>
 *   <li>each message is put into the trash: {@code UID MOVE} on IMAP, or a rename of a Maildir
 *       file into the local trash (both atomic: steps 1 and 2 in one), else a copy into the
 *       trash (a Maildir file written to {@code tmp/}, then renamed into place) — a kill here
 *       leaves it in its folder, or in both;</li>
 *   <li>only then are exactly those messages removed from their folder (IMAP without MOVE:
 *       {@code UID EXPUNGE} of exactly those UIDs) — a kill here leaves it in both;</li>
 *   <li>then the log rows are written in one transaction. A kill before this leaves the message
 *       in the trash without a row: {@code undo} does not offer it and the purge never removes
 *       it (it removes only logged messages), but it is there to be found by hand; msinfo still
 *       remembers it, so the next run sees it gone on both sides and forgets it.</li>
 * </ol>
 */
public final class TrashMover {

    private TrashMover() {
    }

    /**
     * Moves the deleted messages of a folder to the side's trash and logs them.
     *
     * @param store   the side's store, as the folder pair leased it
     * @param actions the side's DELETE and DELETE_DUPLICATE actions in {@code folder}
     * @return the records written
     * @throws StoreException nothing, or not all, moved (what moved is in the trash; nothing is logged)
     * @throws MsinfoException moved, but the log could not be written (the messages are in the trash)
     */
    public static List<DeletionRecord> trash(ChannelTrash trash, SyncState state, String channel, Side side, MailStore store,
                                             String boxname, String folder, List<SyncAction> actions)
            throws StoreException, MsinfoException {
        SideTrash bin = trash.side(side);
        MailStore binStore = bin.store(store);
        String binFolder = bin.folder(store, boxname);
        Map<String, SyncAction> byKey = new LinkedHashMap<>();
        actions.forEach(a -> byKey.putIfAbsent(a.message().meta().key(), a));
        List<MessageMeta> messages = byKey.values().stream().map(a -> a.message().meta()).toList();
        // Steps 1 and 2: one server-side move within an IMAP store; a rename from a Maildir into
        // the local trash (both steps in one); else copies, then the exact deletion.
        Map<String, String> moved;
        if (binStore == store) {
            moved = store.move(folder, messages, binFolder);
        } else {
            boolean local = store instanceof LocalStore && bin instanceof LocalTrash;
            moved = MaildirRenames.move(store, folder, local ? ((LocalStore) store).root().resolve(folder) : null, messages,
                    binStore, binFolder, local ? ((LocalTrash) bin).dir().resolve(binFolder) : null);
        }
        List<DeletionRecord> records = new ArrayList<>();
        for (SyncAction a : byKey.values()) {
            MessageMeta m = a.message().meta();
            records.add(new DeletionRecord(0, trash.runId(), trash.runAt(), channel, boxname, side, folder, a.identity(),
                    binFolder, moved.get(m.key()), FlagState.of(m), m.internalDate()));
        }
        // Step 3.
        state.logDeletions(records);
        return records;
    }
}
