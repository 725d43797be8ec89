package org.mailsync.store.maildir;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.mailsync.store.Flag;

/**
 * The {@code :2,} info suffix of a Maildir message file name, which holds the message's flags
 * (https://cr.yp.to/proto/maildir.html, "Info semantics"): read when a folder is listed,
 * written when a message is delivered or its flags change. Keyword letters are Dovecot's
 * ({@link MaildirKeywords}).
 */
final class MaildirInfo {

    private MaildirInfo() {
    }

    /**
     * The flags of a file name's {@code :2,} info, whichever of cur/ or new/ holds it (files in
     * new/ normally have no info, so no flags). Per the spec the letters are D draft, F
     * flagged, P passed, R replied, S seen, T trashed; P has no {@link Flag} and is ignored, and
     * Dovecot's lowercase keyword letters are {@link MaildirKeywords}'. Experimental {@code :1,}
     * info has no flags.
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
                    // P (passed) is not part of our flag model; keyword letters are MaildirKeywords'.
                }
            }
        }
        return flags;
    }

    /** The letters of a file name's {@code :2,} info, "" when it has none. */
    static String letters(String fileName) {
        int info = fileName.indexOf(":2,");
        return info < 0 ? "" : fileName.substring(info + 3);
    }

    /** The letter of each flag the info can hold. */
    private static final Map<Flag, Character> LETTERS = new EnumMap<>(Map.of(Flag.DRAFT, 'D', Flag.FLAGGED, 'F',
            Flag.ANSWERED, 'R', Flag.SEEN, 'S', Flag.DELETED, 'T'));

    /**
     * The {@code :2,} info of a file name once flags and keyword letters are added and removed;
     * every other letter it had ({@code P} passed, keyword letters of other keywords, letters
     * of names not known) is kept. Letters are in ASCII order, as the spec asks.
     */
    static String changed(String fileName, Set<Flag> add, Set<Flag> remove, Set<Character> addLetters,
                          Set<Character> removeLetters) {
        Set<Character> letters = new TreeSet<>();
        for (char c : letters(fileName).toCharArray()) {
            letters.add(c);
        }
        remove.forEach(f -> letters.remove(LETTERS.get(f)));
        letters.removeAll(removeLetters);
        add.forEach(f -> letters.add(LETTERS.get(f)));
        letters.addAll(addLetters);
        StringBuilder info = new StringBuilder(":2,");
        letters.forEach(info::append);
        return info.toString();
    }

    /** The {@code :2,} info for these flags and keyword letters. */
    static String infoOf(Set<Flag> flags, Set<Character> keywordLetters) {
        return changed("", flags, Set.of(), keywordLetters, Set.of());
    }

    /** The {@code :2,} info for these flags. */
    static String infoOf(Set<Flag> flags) {
        return infoOf(flags, Set.of());
    }
}
