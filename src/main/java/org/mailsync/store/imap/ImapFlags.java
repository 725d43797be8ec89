package org.mailsync.store.imap;

import java.util.EnumSet;
import java.util.Set;

import jakarta.mail.Flags;

import org.mailsync.store.Flag;

/**
 * Translation between mailsync's flags and the IMAP system flags (RFC 3501 section 2.3.2).
 * {@code \Recent} is the server's own and keywords are not synchronised, so both are dropped.
 */
final class ImapFlags {

    private ImapFlags() {
    }

    static Set<Flag> toFlags(Flags f) {
        Set<Flag> out = EnumSet.noneOf(Flag.class);
        if (f.contains(Flags.Flag.SEEN)) {
            out.add(Flag.SEEN);
        }
        if (f.contains(Flags.Flag.ANSWERED)) {
            out.add(Flag.ANSWERED);
        }
        if (f.contains(Flags.Flag.FLAGGED)) {
            out.add(Flag.FLAGGED);
        }
        if (f.contains(Flags.Flag.DELETED)) {
            out.add(Flag.DELETED);
        }
        if (f.contains(Flags.Flag.DRAFT)) {
            out.add(Flag.DRAFT);
        }
        return out;
    }

    static Flags toFlags(Set<Flag> flags) {
        Flags f = new Flags();
        for (Flag flag : flags) {
            f.add(switch (flag) {
                case SEEN -> Flags.Flag.SEEN;
                case ANSWERED -> Flags.Flag.ANSWERED;
                case FLAGGED -> Flags.Flag.FLAGGED;
                case DELETED -> Flags.Flag.DELETED;
                case DRAFT -> Flags.Flag.DRAFT;
            });
        }
        return f;
    }
}
