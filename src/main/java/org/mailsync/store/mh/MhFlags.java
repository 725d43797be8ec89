package org.mailsync.store.mh;

import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import org.mailsync.store.Flag;

/**
 * Flags as MH keeps them, in sequences of {@code .mh_sequences} (mh-sequence(5)):
 * {@link Flag#SEEN} is not being in {@code unseen}, {@link Flag#FLAGGED} is {@code flagged},
 * {@link Flag#ANSWERED} {@code replied}, {@link Flag#DRAFT} {@code draft} and
 * {@link Flag#DELETED} {@code deleted}; see {@link MhFormat} for where the names come from.
 * All other sequences are left as they are.
 */
final class MhFlags {

    static final String UNSEEN = "unseen";
    static final String FLAGGED = "flagged";
    static final String REPLIED = "replied";
    static final String DRAFT = "draft";
    static final String DELETED = "deleted";

    private MhFlags() {
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
