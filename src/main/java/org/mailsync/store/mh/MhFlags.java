package org.mailsync.store.mh;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.mailsync.store.Flag;
import org.mailsync.store.FlagChange;
import org.mailsync.store.StoredFlags;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Flags as MH keeps them, in sequences of {@code .mh_sequences} (mh-sequence(5)):
 * {@link Flag#SEEN} is not being in {@code unseen}, {@link Flag#FLAGGED} is {@code flagged},
 * {@link Flag#ANSWERED} {@code replied}, {@link Flag#DRAFT} {@code draft} and
 * {@link Flag#DELETED} {@code deleted}; see {@link MhFormat} for where the names come from.
 *
 * <p><b>Keywords are sequences of their own name</b>, spelled as the keyword is: keyword
 * {@code Work} is the public sequence {@code Work}. Every public sequence whose name nmh
 * accepts ({@code seq_nameok}: an ASCII letter, then letters and digits) and which is not one of
 * the flag sequences above, {@code cur} (a position, not a property) or a name nmh reserves
 * ({@code all first last prev next new}) is a keyword of its members, so a user's own sequences
 * ({@code pick -sequence todo}) sync as keywords too. These names are compared ignoring case, as
 * IMAP keywords are: a message is added to an existing sequence {@code work} for keyword
 * {@code Work} rather than to a second spelling. A keyword that cannot be such a sequence
 * ({@code $Forwarded}, {@code $Junk}, names with punctuation, a reserved name) is not kept:
 * it is dropped with a warning. All other sequences are left as they are.
 */
final class MhFlags {

    private static final Logger LOG = LoggerFactory.getLogger(MhFormat.class);

    static final String UNSEEN = "unseen";
    static final String FLAGGED = "flagged";
    static final String REPLIED = "replied";
    static final String DRAFT = "draft";
    static final String DELETED = "deleted";

    /** Sequences that are never keywords, lower case: the flags', the position, nmh's reserved names. */
    private static final Set<String> NOT_KEYWORDS = Set.of(UNSEEN, FLAGGED, REPLIED, DRAFT, DELETED, "cur",
            "all", "first", "last", "prev", "next", "new");

    private MhFlags() {
    }

    /** Whether a name can be a keyword's sequence: nmh's {@code seq_nameok} and not one of {@link #NOT_KEYWORDS}. */
    static boolean isKeywordSequence(String name) {
        if (name.isEmpty() || !isAsciiLetter(name.charAt(0)) || NOT_KEYWORDS.contains(StoredFlags.fold(name))) {
            return false;
        }
        return name.chars().allMatch(c -> isAsciiLetter(c) || (c >= '0' && c <= '9'));
    }

    private static boolean isAsciiLetter(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    /** The keywords of message {@code n}: the keyword sequences it is in. */
    static Set<String> keywordsOf(MhSequences seqs, int n) {
        Set<String> keywords = new TreeSet<>();
        for (String name : seqs.names()) {
            if (isKeywordSequence(name) && seqs.contains(name, n)) {
                keywords.add(name);
            }
        }
        return keywords;
    }

    /**
     * Adds message {@code n} to the sequences of these keywords; one that cannot be a sequence
     * is dropped with a warning naming the folder.
     *
     * @return whether any sequence changed
     */
    static boolean addKeywords(MhSequences seqs, int n, Set<String> keywords, Path folder) {
        boolean changed = false;
        for (String keyword : keywords) {
            if (!isKeywordSequence(keyword)) {
                LOG.warn("MH folder {}: keyword \"{}\" cannot be an MH sequence name; dropped", folder, keyword);
                continue;
            }
            String name = keyword;
            for (String existing : seqs.names()) {
                if (isKeywordSequence(existing) && StoredFlags.fold(existing).equals(StoredFlags.fold(keyword))) {
                    name = existing; // the spelling the folder already has
                    break;
                }
            }
            changed |= seqs.add(name, n);
        }
        return changed;
    }

    /**
     * Applies a change to message {@code n}'s sequences: flags as {@link #set} maps them,
     * keywords as their sequences; every other sequence is left alone.
     *
     * @return whether any sequence changed
     */
    static boolean change(MhSequences seqs, int n, FlagChange change, Path folder) {
        boolean changed = false;
        for (Flag f : change.remove()) {
            changed |= f == Flag.SEEN ? seqs.add(UNSEEN, n) : seqs.remove(sequenceOf(f), n);
        }
        for (Flag f : change.add()) {
            changed |= f == Flag.SEEN ? seqs.remove(UNSEEN, n) : seqs.add(sequenceOf(f), n);
        }
        for (String name : seqs.names()) {
            if (isKeywordSequence(name) && StoredFlags.containsIgnoreCase(change.removeKeywords(), name)) {
                changed |= seqs.remove(name, n);
            }
        }
        return changed | addKeywords(seqs, n, change.addKeywords(), folder);
    }

    private static String sequenceOf(Flag flag) {
        return switch (flag) {
            case FLAGGED -> FLAGGED;
            case ANSWERED -> REPLIED;
            case DRAFT -> DRAFT;
            case DELETED -> DELETED;
            case SEEN -> throw new IllegalArgumentException("\\Seen is the absence from " + UNSEEN);
        };
    }

    /** The flags of message {@code n}, from its sequence membership. */
    static Set<Flag> of(MhSequences seqs, int n) {
        Set<Flag> flags = EnumSet.noneOf(Flag.class);
        if (!seqs.contains(UNSEEN, n)) {
            flags.add(Flag.SEEN);
        }
        if (seqs.contains(FLAGGED, n)) {
            flags.add(Flag.FLAGGED);
        }
        if (seqs.contains(REPLIED, n)) {
            flags.add(Flag.ANSWERED);
        }
        if (seqs.contains(DRAFT, n)) {
            flags.add(Flag.DRAFT);
        }
        if (seqs.contains(DELETED, n)) {
            flags.add(Flag.DELETED);
        }
        return flags;
    }

    /**
     * Adds message {@code n} to the sequences of its flags (a new message: it is in none yet).
     *
     * @return whether any sequence changed
     */
    static boolean set(MhSequences seqs, int n, Set<Flag> flags) {
        boolean changed = false;
        if (!flags.contains(Flag.SEEN)) {
            changed |= seqs.add(UNSEEN, n);
        }
        Map<Flag, String> sequenceOf = new LinkedHashMap<>();
        sequenceOf.put(Flag.FLAGGED, FLAGGED);
        sequenceOf.put(Flag.ANSWERED, REPLIED);
        sequenceOf.put(Flag.DRAFT, DRAFT);
        sequenceOf.put(Flag.DELETED, DELETED);
        for (Map.Entry<Flag, String> e : sequenceOf.entrySet()) {
            if (flags.contains(e.getKey())) {
                changed |= seqs.add(e.getValue(), n);
            }
        }
        return changed;
    }
}
