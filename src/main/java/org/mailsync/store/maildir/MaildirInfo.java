package org.mailsync.store.maildir;

import java.util.EnumSet;
import java.util.Set;

import org.mailsync.store.Flag;

/**
 * The {@code :2,} info suffix of a Maildir message file name, which holds the message's flags
 * (https://cr.yp.to/proto/maildir.html, "Info semantics"): read when a folder is listed,
 * written when a message is delivered.
 */
final class MaildirInfo {

    private MaildirInfo() {
    }

    /**
     * The flags of a file name's {@code :2,} info, whichever of cur/ or new/ holds it (files in
     * new/ normally have no info, so no flags). Per the spec the letters are D draft, F
     * flagged, P passed, R replied, S seen, T trashed; P and Dovecot's lowercase keyword
     * letters have no {@link Flag} and are ignored. Experimental {@code :1,} info has no flags.
     */
    static Set<Flag> flagsOf(String fileName) {
        Set<Flag> flags = EnumSet.noneOf(Flag.class);
        int info = fileName.indexOf(":2,");
        if (info < 0) {
            return flags;
        }
        for (int i = info + 3; i < fileName.length(); i++) {
            switch (fileName.charAt(i)) {
                case 'D' -> flags.add(Flag.DRAFT);
                case 'F' -> flags.add(Flag.FLAGGED);
                case 'R' -> flags.add(Flag.ANSWERED);
                case 'S' -> flags.add(Flag.SEEN);
                case 'T' -> flags.add(Flag.DELETED);
                default -> {
                    // P (passed) and keyword letters: not part of our flag model.
                }
            }
        }
        return flags;
    }

    /** The {@code :2,} info for these flags; the spec requires the letters in ASCII order. */
    static String infoOf(Set<Flag> flags) {
        StringBuilder info = new StringBuilder(":2,");
        if (flags.contains(Flag.DRAFT)) {
            info.append('D');
        }
        if (flags.contains(Flag.FLAGGED)) {
            info.append('F');
        }
        if (flags.contains(Flag.ANSWERED)) {
            info.append('R');
        }
        if (flags.contains(Flag.SEEN)) {
            info.append('S');
        }
        if (flags.contains(Flag.DELETED)) {
            info.append('T');
        }
        return info.toString();
    }
}
