package org.mailsync.store.imap;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;
import java.util.TreeMap;

import org.eclipse.angus.mail.iap.Response;
import org.eclipse.angus.mail.imap.protocol.BODY;
import org.eclipse.angus.mail.imap.protocol.FLAGS;
import org.eclipse.angus.mail.imap.protocol.FetchResponse;
import org.eclipse.angus.mail.imap.protocol.INTERNALDATE;
import org.eclipse.angus.mail.imap.protocol.RFC822SIZE;
import org.eclipse.angus.mail.imap.protocol.UID;
import org.mailsync.store.Flag;
import org.mailsync.store.MessageMeta;
import org.mailsync.store.StoredFlags;

/**
 * What the FETCH responses of one command said about one message. A server may split a
 * message's data over several responses and send them in any order, and may add unsolicited
 * ones (RFC 3501 section 7.4.2), so responses are merged by sequence number first.
 */
final class FetchedMessage {

    long uid = -1;
    long size = -1;
    /** Null when no response carried FLAGS. */
    StoredFlags flags;
    Instant internalDate;
    /** Null when no response carried the header fields. */
    byte[] header;

    /** The responses of one command, merged per message, by sequence number. */
    static TreeMap<Integer, FetchedMessage> bySequence(Response[] responses) {
        TreeMap<Integer, FetchedMessage> out = new TreeMap<>();
        for (Response r : responses) {
            if (r instanceof FetchResponse fr) {
                out.computeIfAbsent(fr.getNumber(), n -> new FetchedMessage()).add(fr);
            }
        }
        return out;
    }

    private void add(FetchResponse fr) {
        UID u = fr.getItem(UID.class);
        if (u != null) {
            uid = u.uid;
        }
        RFC822SIZE s = fr.getItem(RFC822SIZE.class);
        if (s != null) {
            size = s.size;
        }
        FLAGS f = fr.getItem(FLAGS.class);
        if (f != null) {
            flags = ImapFlags.stored(f);
        }
        INTERNALDATE d = fr.getItem(INTERNALDATE.class);
        if (d != null && d.getDate() != null) {
            internalDate = d.getDate().toInstant();
        }
        BODY b = fr.getItem(BODY.class);
        if (b != null && b.getByteArray() != null) {
            // The header lines exactly as the server sent them, folding and blank line included.
            header = b.getByteArray().getNewBytes();
        }
    }

    /** Whether the full index items arrived (UID and header; the rest may be absent on odd servers). */
    boolean complete() {
        return uid > 0 && header != null;
    }

    MessageMeta meta(long uidValidity) {
        return new MessageMeta(ImapKey.format(uidValidity, uid), size, flags == null ? EnumSet.noneOf(Flag.class) : flags.flags(),
                internalDate, header, flags == null ? Set.of() : flags.keywords());
    }
}
