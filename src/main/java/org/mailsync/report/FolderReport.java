package org.mailsync.report;

import java.util.List;

/**
 * What happened to one folder pair (sync), one folder (diff) or one listed folder (list).
 * Counts that do not apply to the operation are 0.
 *
 * @param boxname        the folder's boxname
 * @param copiedAToB     messages copied from store A to store B
 * @param copiedBToA     messages copied from store B to store A
 * @param deletedOnA     messages deleted on store A
 * @param deletedOnB     messages deleted on store B
 * @param duplicates     duplicates found and kept (diff: found)
 * @param heldBack       deletions held back by {@code -n}
 * @param skipped        messages not copied (too big, flagged deleted, without identity)
 * @param added          diff mode: messages new since the last sync
 * @param deleted        diff mode: messages gone since the last sync
 * @param messages       messages in the folder after the run (sync: on both sides)
 * @param folderActions  folders created or removed, e.g. {@code created on laptop}
 * @param errors         what failed in this pair
 * @param failed         whether the pair could not be synced at all (nothing was recorded)
 * @param restored       undo: messages restored to the folder (with {@code -s}: that would be);
 *                       added after the fields above
 */
public record FolderReport(String boxname, int copiedAToB, int copiedBToA, int deletedOnA, int deletedOnB,
                           int duplicates, int heldBack, int skipped, int added, int deleted, int messages,
                           List<String> folderActions, List<String> errors, boolean failed, int restored) {

    /** A report of an operation that restores nothing. */
    public FolderReport(String boxname, int copiedAToB, int copiedBToA, int deletedOnA, int deletedOnB,
                        int duplicates, int heldBack, int skipped, int added, int deleted, int messages,
                        List<String> folderActions, List<String> errors, boolean failed) {
        this(boxname, copiedAToB, copiedBToA, deletedOnA, deletedOnB, duplicates, heldBack, skipped, added, deleted, messages,
                folderActions, errors, failed, 0);
    }
}
