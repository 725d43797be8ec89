package org.mailsync.store.mbox;

import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

import org.mailsync.store.Flag;

/**
 * Flags as mbox keeps them, in the {@code Status:} and {@code X-Status:} header fields that
 * c-client, mutt and Dovecot use: {@code Status: R} is \Seen ({@code O}, "old", is ignored: it
 * only says an MUA has looked at the folder), {@code X-Status:} letters {@code A} \Answered,
 * {@code F} \Flagged, {@code T} \Draft, {@code D} \Deleted. Keywords are in
 * {@code X-Keywords:}, separated by spaces as Dovecot writes them or by commas as some MUAs do;
 * written space-separated.
 *
 * <p>These fields are the mbox file's flag storage, not part of the message (Dovecot hides all
 * three from IMAP clients too): the store strips them when a message is read and writes fresh
 * ones from the flags when one is appended or its flags change, so a message copied
 * mbox → Maildir → mbox comes back with the same bytes and current flags.
 */
public final class StatusHeaders {

    private static final String X_KEYWORDS = "X-Keywords:";

    private StatusHeaders() {
    }

    /** The flags that a raw header block records. */
    public static Set<Flag> parse(byte[] header) {
        Set<Flag> flags = EnumSet.noneOf(Flag.class);
        for (String line : new String(header, StandardCharsets.ISO_8859_1).split("\r?\n")) {
            String lower = line.toLowerCase(Locale.ROOT);
            if (lower.startsWith("status:")) {
                if (line.indexOf('R', 7) >= 0) {
                    flags.add(Flag.SEEN);
                }
            } else if (lower.startsWith("x-status:")) {
                String v = line.substring(9);
                addIf(flags, v, 'A', Flag.ANSWERED);
                addIf(flags, v, 'F', Flag.FLAGGED);
                addIf(flags, v, 'T', Flag.DRAFT);
                addIf(flags, v, 'D', Flag.DELETED);
            }
        }
        return flags;
    }

    /**
     * The keywords of a raw header block's {@code X-Keywords:} fields (continuation lines
     * included), in the order and spelling found.
     */
    public static Set<String> keywords(byte[] header) {
        Set<String> keywords = new LinkedHashSet<>();
        boolean inField = false;
        for (String line : new String(header, StandardCharsets.ISO_8859_1).split("\r?\n")) {
            boolean continuation = !line.isEmpty() && (line.charAt(0) == ' ' || line.charAt(0) == '\t');
            String value = null;
            if (continuation && inField) {
                value = line;
            } else if (!continuation) {
                inField = line.regionMatches(true, 0, X_KEYWORDS, 0, X_KEYWORDS.length());
                value = inField ? line.substring(X_KEYWORDS.length()) : null;
            }
            if (value != null) {
                for (String word : value.split("[ \t,]+")) {
                    if (!word.isEmpty()) {
                        keywords.add(word);
                    }
                }
            }
        }
        return keywords;
    }

    /** Whether a keyword can be written in {@code X-Keywords:} and read back as itself. */
    static boolean storable(String keyword) {
        return !keyword.isEmpty() && keyword.chars().allMatch(c -> c > ' ' && c != ',' && c != 0x7f);
    }

    private static void addIf(Set<Flag> flags, String value, char letter, Flag flag) {
        if (value.indexOf(letter) >= 0) {
            flags.add(flag);
        }
    }

    /**
     * The header lines to store for these flags, each ended by {@code eol}; empty when there is
     * nothing to say (no {@code Status: O}, so MUAs show a copied unread message as new).
     */
    public static byte[] format(Set<Flag> flags, String eol) {
        return format(flags, Set.of(), eol);
    }

    /**
     * The header lines to store for these flags and keywords, each ended by {@code eol}; a
     * keyword that is not {@linkplain #storable storable} is left out (the caller warns).
     */
    public static byte[] format(Set<Flag> flags, Set<String> keywords, String eol) {
        StringBuilder s = new StringBuilder();
        if (flags.contains(Flag.SEEN)) {
            s.append("Status: RO").append(eol);
        }
        StringBuilder x = new StringBuilder();
        if (flags.contains(Flag.ANSWERED)) {
            x.append('A');
        }
        if (flags.contains(Flag.FLAGGED)) {
            x.append('F');
        }
        if (flags.contains(Flag.DRAFT)) {
            x.append('T');
        }
        if (flags.contains(Flag.DELETED)) {
            x.append('D');
        }
        if (x.length() > 0) {
            s.append("X-Status: ").append(x).append(eol);
        }
        StringBuilder k = new StringBuilder();
        for (String keyword : keywords) {
            if (storable(keyword)) {
                k.append(' ').append(keyword);
            }
        }
        if (k.length() > 0) {
            s.append(X_KEYWORDS).append(k).append(eol);
        }
        return s.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Whether a header line (its first bytes) is one of the flag fields, {@code X-Keywords:} included. */
    static boolean isStatusField(byte[] head, int n) {
        return startsWithIgnoreCase(head, n, "status:") || startsWithIgnoreCase(head, n, "x-status:")
                || startsWithIgnoreCase(head, n, "x-keywords:");
    }

    private static boolean startsWithIgnoreCase(byte[] head, int n, String prefix) {
        if (n < prefix.length()) {
            return false;
        }
        for (int i = 0; i < prefix.length(); i++) {
            if (Character.toLowerCase((char) (head[i] & 0xff)) != prefix.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
