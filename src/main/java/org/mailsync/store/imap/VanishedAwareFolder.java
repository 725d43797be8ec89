package org.mailsync.store.imap;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;

import org.eclipse.angus.mail.iap.ProtocolException;
import org.eclipse.angus.mail.iap.Response;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.imap.IMAPMessage;
import org.eclipse.angus.mail.imap.IMAPStore;
import org.eclipse.angus.mail.imap.protocol.IMAPResponse;
import org.eclipse.angus.mail.imap.protocol.ListInfo;
import org.eclipse.angus.mail.imap.protocol.UIDSet;

/**
 * An Angus {@link IMAPFolder} that follows {@code VANISHED} responses. Once QRESYNC is enabled
 * on a connection (RFC 7162 section 3.2.3; the incremental index does it once per connection),
 * the server reports every expunge in the selected mailbox as {@code * VANISHED uid-set}
 * instead of {@code * n EXPUNGE} (section 3.2.10): the answer to our own UID EXPUNGE, and the
 * expunges of other clients, which arrive with whatever command we send next (RFC 3501 section
 * 7.4.1). Angus Mail 2.0.5 cannot take them: with more than one UID its handler fills every
 * second slot of an array and throws a NullPointerException on the first gap, it expunges by
 * message number where a sequence number is meant, and for a UID it never looked up it lowers
 * the message count but keeps the message, so that every later sequence number names the
 * wrong message.
 *
 * <p>So no VANISHED reaches Angus. Each UID this folder has looked up becomes the
 * {@code * n EXPUNGE} Angus handles correctly, n being the message's sequence number now,
 * highest first so that no expunge renumbers the next one. A UID it never looked up cannot be
 * placed among the messages: the folder is then {@linkplain #outOfStep() out of step}, its
 * message numbers are not to be used again, and {@code ImapConnection} opens the folder afresh
 * before its next use. A {@code VANISHED (EARLIER)} is left alone, as Angus does: it answers a
 * QRESYNC EXAMINE about messages the selection never had, and {@code open} returns those.
 */
final class VanishedAwareFolder extends IMAPFolder {

    /** Guarded by {@code messageCacheLock}, like everything Angus keeps about the selection. */
    private boolean outOfStep;

    /** The constructor {@link IMAPStore#getFolder} reaches through {@link VanishedAwareStore}. */
    VanishedAwareFolder(String fullName, char separator, IMAPStore store, Boolean isNamespace) {
        super(fullName, separator, store, isNamespace);
    }

    /** The constructor LIST results reach through {@link VanishedAwareStore}. */
    VanishedAwareFolder(ListInfo li, IMAPStore store) {
        super(li, store);
    }

    /**
     * Whether a VANISHED named a message this folder could not place: from then on Angus'
     * message numbers (and the messages it hands out for a UID) may name other messages than
     * the server's, so the selection must be closed and opened again before it is used.
     */
    boolean outOfStep() {
        synchronized (messageCacheLock) {
            return outOfStep;
        }
    }

    /**
     * The number of messages in the open folder as the server has reported it, without a
     * command: Angus' {@code getMessageCount()} goes on counting expunged messages until its
     * own {@code expunge()} runs (and may send a NOOP first). The highest sequence number in
     * Angus' cache, whose expunged messages have none. Exact while the folder is in step.
     */
    int messagesNow() {
        synchronized (messageCacheLock) {
            for (int msgnum = messageCache == null ? 0 : messageCache.size(); msgnum > 0; msgnum--) {
                int seqnum = messageCache.seqnumOf(msgnum);
                if (seqnum > 0) {
                    return seqnum;
                }
            }
            return 0;
        }
    }

    /**
     * Those of these UIDs (ascending) that name no message of the folder: never there, or
     * expunged since this selection looked them up (marked so, not forgotten). One
     * {@code UID FETCH (UID)} for those not looked up yet.
     */
    List<Long> absent(long[] uids) throws MessagingException {
        Message[] msgs = getMessagesByUID(uids);
        List<Long> absent = new ArrayList<>();
        for (int i = 0; i < msgs.length; i++) {
            if (msgs[i] == null || msgs[i].isExpunged()) {
                absent.add(uids[i]);
            }
        }
        return absent;
    }

    @Override
    public void handleResponse(Response r) {
        if (r instanceof IMAPResponse ir && ir.keyEquals("VANISHED")) {
            vanished(ir);
        } else {
            super.handleResponse(r);
        }
    }

    /** {@code "VANISHED" [SP "(EARLIER)"] SP known-uids} (RFC 7162 section 3.2.10). */
    private void vanished(IMAPResponse ir) {
        if (ir.readAtomStringList() != null) {
            return; // (EARLIER)
        }
        UIDSet[] uids = UIDSet.parseUIDSets(ir.readAtom());
        synchronized (messageCacheLock) {
            if (uids == null || messageCache == null) {
                outOfStep = true;
                return;
            }
            TreeSet<Integer> seqnums = new TreeSet<>(Collections.reverseOrder());
            long placed = 0;
            Map<Long, IMAPMessage> byUid = uidTable == null ? Map.of() : uidTable;
            for (Map.Entry<Long, IMAPMessage> e : byUid.entrySet()) {
                if (!contains(uids, e.getKey())) {
                    continue;
                }
                placed++;
                IMAPMessage m = e.getValue();
                int seqnum = m.isExpunged() ? 0 : messageCache.seqnumOf(m.getMessageNumber());
                if (seqnum > 0) {
                    seqnums.add(seqnum);
                }
            }
            // Even a folder out of step expunges the messages it knows: Angus' numbers are off
            // from the server's then, but still name the message they named, and a deletion's
            // all-or-nothing check must see that a message it looked up has gone.
            for (int seqnum : seqnums) {
                try {
                    super.handleResponse(new IMAPResponse("* " + seqnum + " EXPUNGE"));
                } catch (IOException | ProtocolException e) {
                    outOfStep = true; // cannot happen: the line is well-formed
                }
            }
            if (placed < UIDSet.size(uids)) {
                outOfStep = true;
            }
        }
    }

    private static boolean contains(UIDSet[] uids, long uid) {
        for (UIDSet s : uids) {
            if (uid >= s.start && uid <= s.end) {
                return true;
            }
        }
        return false;
    }
}
