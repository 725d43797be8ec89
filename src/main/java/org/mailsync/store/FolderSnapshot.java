package org.mailsync.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A folder's index together with what its store needs to tell, next time, which of it still
 * holds: the unit of the index cache. The state keeps the snapshot of the last sync between
 * runs and hands it back to {@link MailStore#index(String, FolderSnapshot)}, which re-reads
 * only what changed since (mbsync's and Dovecot's approach: a steady-state sync costs what
 * changed, not what exists).
 *
 * <p>Only the store that made a snapshot interprets its validity and stamps, and it checks
 * them against the folder every time: a snapshot is a hint, never a source of truth. A store
 * that cannot check an entry cheaply gives it no stamp, and such an entry is never reused.
 *
 * @param validity what held for the folder as a whole when the snapshot was taken (IMAP:
 *                 UIDVALIDITY, UIDNEXT, message count, HIGHESTMODSEQ; mbox: the file's device,
 *                 inode, size, times), in a form only its store reads, starting with the
 *                 store's kind (e.g. {@code "maildir/1 ..."}), or null when the store has none
 * @param entries  the folder's messages in the folder's order, each with its stamp
 */
public record FolderSnapshot(String validity, List<Entry> entries) {

    /**
     * One message of a snapshot.
     *
     * @param meta  the message as indexed; its header holds at least the
     *              {@linkplain org.mailsync.mail.HeaderBlock#ESSENTIAL_FIELDS essential fields}
     * @param stamp what must still hold for the message's bytes to be unchanged (a Maildir
     *              file's inode, size and times), in a form only its store reads; null when
     *              the store cannot tell, and then the entry is never reused
     */
    public record Entry(MessageMeta meta, String stamp) {
        public Entry {
            Objects.requireNonNull(meta, "meta");
        }
    }

    public FolderSnapshot {
        entries = List.copyOf(entries);
    }

    /** A snapshot of a store that keeps nothing to validate: a plain index, never reused. */
    public static FolderSnapshot uncached(List<MessageMeta> metas) {
        List<Entry> entries = new ArrayList<>(metas.size());
        for (MessageMeta meta : metas) {
            entries.add(new Entry(meta, null));
        }
        return new FolderSnapshot(null, entries);
    }

    /** The messages, in the folder's order. */
    public List<MessageMeta> metas() {
        List<MessageMeta> metas = new ArrayList<>(entries.size());
        for (Entry entry : entries) {
            metas.add(entry.meta());
        }
        return metas;
    }

    /** Whether keeping this snapshot can save the next index any work. */
    public boolean reusable() {
        if (validity != null) {
            return true;
        }
        for (Entry entry : entries) {
            if (entry.stamp() != null) {
                return true;
            }
        }
        return false;
    }
}
