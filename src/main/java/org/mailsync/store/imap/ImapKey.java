package org.mailsync.store.imap;

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
