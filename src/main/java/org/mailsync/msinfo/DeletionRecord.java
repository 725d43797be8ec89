package org.mailsync.msinfo;

import java.time.Instant;
import java.util.Objects;

import org.mailsync.sync.FlagState;
import org.mailsync.sync.Side;

/**
 * One message a sync moved to a trash instead of deleting it: a row of the deletion log, which
 * {@code mailsync undo} reads to put it back and the retention purge reads to remove it for good.
 *
 * @param id           the row's id; 0 for a record not yet written
 * @param runId        the sync run that deleted it
 * @param runAt        when that run started
 * @param channel      the channel
 * @param boxname      the folder pair's boxname
 * @param side         the channel's side it was deleted on
 * @param storeFolder  the native folder it was deleted from, where {@code undo} puts it back
 * @param identity     its identity in the pair (Message-ID, or a hash)
 * @param trashFolder  the trash folder that holds it: an IMAP folder of the same store, or a
 *                     folder of the channel's local trash
 * @param trashKey     its key in the trash folder, or null when the store could not tell (an
 *                     IMAP server without UIDPLUS)
 * @param flags        its flags and keywords when it was deleted
 * @param internalDate its internal date, or null when unknown
 */
public record DeletionRecord(long id, String runId, Instant runAt, String channel, String boxname, Side side,
                             String storeFolder, String identity, String trashFolder, String trashKey, FlagState flags,
                             Instant internalDate) {

    public DeletionRecord {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(runAt, "runAt");
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(boxname, "boxname");
        Objects.requireNonNull(side, "side");
        Objects.requireNonNull(storeFolder, "storeFolder");
        Objects.requireNonNull(identity, "identity");
        Objects.requireNonNull(trashFolder, "trashFolder");
        flags = flags == null ? FlagState.none() : flags;
    }
}
