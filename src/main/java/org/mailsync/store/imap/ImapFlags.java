package org.mailsync.store.imap;

import java.util.EnumSet;
import java.util.Set;

import jakarta.mail.Flags;

import org.mailsync.store.Flag;
import org.mailsync.store.StoredFlags;

/**
 * Translation between mailsync's flags and keywords and IMAP's (RFC 3501 section 2.3.2):
 * system flags are {@link Flag}s, keywords are the user flags. {@code \Recent} is the server's
 * own and is dropped.
 */
final class ImapFlags {

    private ImapFlags() {
    }

    /** The system flags and keywords of a FETCH FLAGS, without {@code \Recent}. */
    static StoredFlags stored(Flags f) {
        return new StoredFlags(toFlags(f), Set.of(f.getUserFlags()));
    }

    /** The flag as IMAP spells it in a command ({@code \Seen}). */
    static String imapName(Flag flag) {
        return switch (flag) {
            case SEEN -> "\\Seen";
            case ANSWERED -> "\\Answered";
            case FLAGGED -> "\\Flagged";
            case DELETED -> "\\Deleted";
            case DRAFT -> "\\Draft";
        };
    }

    /**
     * Whether a keyword can be sent as a flag-keyword: an atom (RFC 3501 section 9: no
     * {@code ( ) { % * " \ ]}, space or control character), not starting with {@code \}.
     */
    static boolean isAtom(String keyword) {
        return !keyword.isEmpty() && keyword.chars().allMatch(c -> c > ' ' && c < 0x7f && "(){%*\"\\]".indexOf(c) < 0);
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
