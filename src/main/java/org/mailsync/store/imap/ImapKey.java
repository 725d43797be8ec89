package org.mailsync.store.imap;

import jakarta.mail.MessagingException;

import org.eclipse.angus.mail.imap.IMAPFolder;
import org.mailsync.store.StoreException;

/**
 * A message key of the IMAP store, {@code <UIDVALIDITY>:<UID>} (RFC 3501 section 2.3.1.1): the
 * UIDVALIDITY in it makes a key refusable once the folder was recreated or renumbered, so a
 * key can never name another message.
 *
 * @param uidValidity the folder's UIDVALIDITY when the key was issued
 * @param uid         the message's UID
 */
record ImapKey(long uidValidity, long uid) {

    /** The key's text form, as it appears in {@link org.mailsync.store.MessageMeta#key()}. */
    static String format(long uidValidity, long uid) {
        return uidValidity + ":" + uid;
    }

    /** A key read from its text form, or null when the text is not one (both numbers positive). */
    static ImapKey parse(String key) {
        int colon = key == null ? -1 : key.indexOf(':');
        if (colon <= 0) {
            return null;
        }
        try {
            long v = Long.parseLong(key, 0, colon, 10);
            long u = Long.parseLong(key, colon + 1, key.length(), 10);
            return v > 0 && u > 0 ? new ImapKey(v, u) : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /**
     * A key of a folder read from its text form.
     *
     * @throws StoreException naming the store and folder when the text is not a key of ours
     */
    static ImapKey require(String store, String folder, String key) throws StoreException {
        ImapKey k = parse(key);
        if (k == null) {
            throw new StoreException(store + ": \"" + key + "\" is not a message key of " + folder);
        }
        return k;
    }

    /**
     * Refuses this key unless the open folder still has its UIDVALIDITY: otherwise the folder
     * was recreated or renumbered, and the UID may now name another message.
     */
    void requireValidity(IMAPFolder f, String store, String folder) throws MessagingException, StoreException {
        long now = f.getUIDValidity();
        if (now != uidValidity) {
            throw new StoreException(store + ": key " + this + " of " + folder + " is stale: the folder's UIDVALIDITY is now "
                    + now + " (RFC 3501 section 2.3.1.1)");
        }
    }

    /** A compact UID set of ascending UIDs, {@code 1:3,7,9:10} (RFC 3501 section 9, sequence-set). */
    static String uidSet(long[] sortedUids) {
        StringBuilder b = new StringBuilder();
        int i = 0;
        while (i < sortedUids.length) {
            int j = i;
            while (j + 1 < sortedUids.length && sortedUids[j + 1] == sortedUids[j] + 1) {
                j++;
            }
            if (b.length() > 0) {
                b.append(',');
            }
            b.append(sortedUids[i]);
            if (j > i) {
                b.append(':').append(sortedUids[j]);
            }
            i = j + 1;
        }
        return b.toString();
    }

    @Override
    public String toString() {
        return format(uidValidity, uid);
    }
}
