package org.mailsync.store.imap;

import org.eclipse.angus.mail.imap.protocol.Status;

/**
 * What STATUS (RFC 3501 section 6.3.10, with HIGHESTMODSEQ from RFC 7162 section 3.1.2.3)
 * says about a folder as a whole, and its form as a {@link org.mailsync.store.FolderSnapshot}
 * validity: {@code "imap/1 UIDVALIDITY UIDNEXT MESSAGES HIGHESTMODSEQ"}, with {@code -} for a
 * HIGHESTMODSEQ the server does not keep (no CONDSTORE, or a mailbox with NOMODSEQ, for which
 * RFC 7162 section 3.1.2.3 has STATUS answer 0).
 *
 * @param uidValidity   UIDVALIDITY, positive
 * @param uidNext       UIDNEXT, positive: every message of the folder has a smaller UID
 * @param messages      MESSAGES, the number of messages
 * @param highestModSeq HIGHESTMODSEQ, or -1 when unknown
 */
record MailboxStatus(long uidValidity, long uidNext, long messages, long highestModSeq) {

    /** The first word of every validity this store writes; another version's is not read. */
    static final String KIND = "imap/1";

    /** The STATUS items asked for; HIGHESTMODSEQ only of a server that offers CONDSTORE. */
    static String[] items(boolean condstore) {
        return condstore ? new String[] {"UIDVALIDITY", "UIDNEXT", "MESSAGES", "HIGHESTMODSEQ"}
                : new String[] {"UIDVALIDITY", "UIDNEXT", "MESSAGES"};
    }

    /** The status of a STATUS response, or null when it lacks one of the required items. */
    static MailboxStatus of(Status s) {
        if (s == null || s.uidvalidity <= 0 || s.uidnext <= 0 || s.total < 0) {
            return null;
        }
        return new MailboxStatus(s.uidvalidity, s.uidnext, s.total, s.highestmodseq > 0 ? s.highestmodseq : -1);
    }

    /** Whether the server keeps mod-sequences for the folder, so that an unchanged HIGHESTMODSEQ proves it unchanged. */
    boolean hasModSeq() {
        return highestModSeq > 0;
    }

    /** The snapshot validity. */
    String validity() {
        return KIND + " " + uidValidity + " " + uidNext + " " + messages + " " + (hasModSeq() ? Long.toString(highestModSeq) : "-");
    }

    /** The status a validity was written from, or null when it is not one of ours or not well-formed. */
    static MailboxStatus parse(String validity) {
        if (validity == null) {
            return null;
        }
        String[] w = validity.split(" ", -1);
        if (w.length != 5 || !w[0].equals(KIND)) {
            return null;
        }
        try {
            long v = Long.parseLong(w[1]);
            long next = Long.parseLong(w[2]);
            long count = Long.parseLong(w[3]);
            long modseq = w[4].equals("-") ? -1 : Long.parseLong(w[4]);
            if (v <= 0 || next <= 0 || count < 0 || modseq == 0 || modseq < -1) {
                return null;
            }
            return new MailboxStatus(v, next, count, modseq);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
