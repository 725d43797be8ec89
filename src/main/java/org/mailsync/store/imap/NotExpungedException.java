package org.mailsync.store.imap;

import java.util.List;

import org.mailsync.store.StoreException;

/**
 * {@link ImapStore#delete} flagged the messages {@code \Deleted} but could not remove them,
 * because the server lacks UIDPLUS (RFC 4315) and so cannot expunge only chosen messages.
 * A plain EXPUNGE (RFC 3501 section 6.4.3) would also remove every other message someone
 * flagged {@code \Deleted}, which mailsync promises never to do, so the messages stay in the
 * folder flagged; the user's mail client expunges them eventually. Callers may treat the
 * deletion as done-with-a-warning (a \Deleted message is skipped by later runs) or as failed.
 */
public class NotExpungedException extends StoreException {

    private final List<String> keys;

    public NotExpungedException(String message, List<String> keys) {
        super(message);
        this.keys = List.copyOf(keys);
    }

    /** The keys of the messages that are flagged \Deleted but still in the folder. */
    public List<String> keys() {
        return keys;
    }
}
