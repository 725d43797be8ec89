package org.mailsync.sync;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.mailsync.store.Flag;
import org.mailsync.store.FlagChange;

/**
 * The three-way merge of one synced message's flags (SEMANTICS.md "flag sync"): a pure step of
 * {@link ThreeWayPlanner}. Each flag and each keyword is decided on its own, and each side is
 * compared with <em>its own</em> remembered base:
 * <ul>
 *   <li>changed on one side only: the other side is made equal;</li>
 *   <li>changed on both sides to the same value: nothing to do;</li>
 *   <li>changed on both sides to different values (possible only when the bases differ):
 *       set wins. None of our stores can tell reliably which side changed last (Maildir and
 *       MH keep no time per flag, mbox rewrites the whole file, IMAP's MODSEQ only orders
 *       changes on one server), so the side that sets it wins: a lost \Seen is a nuisance, a
 *       lost \Flagged or keyword is lost work;</li>
 *   <li>unchanged on both sides, yet different (a side could not keep a keyword): nothing,
 *       so a store that drops what it cannot hold never erases it from the other;</li>
 *   <li>a side whose base is unknown counts as unchanged (msinfo imported from the original,
 *       which remembered no flags, or recorded before this message's flags were known).</li>
 * </ul>
 * \Deleted is never among the flags merged ({@link FlagState} leaves it out).
 */
public final class FlagMerge {

    /**
     * The merge of one message.
     *
     * @param onA   what to change on side A (empty for nothing)
     * @param onB   what to change on side B (empty for nothing)
     * @param after both sides' flags once both changes are made: what msinfo records
     */
    public record Result(FlagChange onA, FlagChange onB, RememberedFlags after) {
    }

    /** The system flags flag sync keeps equal, in a fixed order. */
    private static final Set<Flag> SYNCED = EnumSet.of(Flag.SEEN, Flag.ANSWERED, Flag.FLAGGED, Flag.DRAFT);

    private FlagMerge() {
    }

    /**
     * Merges one message's flags.
     *
     * @param a    side A's current flags
     * @param b    side B's current flags
     * @param base what msinfo remembers of both sides; null or {@link RememberedFlags#unknown()}
     *             when nothing is known
     */
    public static Result merge(FlagState a, FlagState b, RememberedFlags base) {
        FlagState baseA = base == null ? null : base.a();
        FlagState baseB = base == null ? null : base.b();
        Delta toA = new Delta();
        Delta toB = new Delta();
        for (Flag f : SYNCED) {
            Boolean wanted = wanted(a.flags().contains(f), b.flags().contains(f),
                    baseA == null ? null : baseA.flags().contains(f), baseB == null ? null : baseB.flags().contains(f));
            if (wanted != null) {
                toA.flag(f, a.flags().contains(f), wanted);
                toB.flag(f, b.flags().contains(f), wanted);
            }
        }
        for (Map.Entry<String, String> k : keywords(a, b, baseA, baseB).entrySet()) {
            String folded = k.getKey();
            boolean onA = a.hasKeyword(folded);
            boolean onB = b.hasKeyword(folded);
            Boolean wanted = wanted(onA, onB, baseA == null ? null : baseA.hasKeyword(folded),
                    baseB == null ? null : baseB.hasKeyword(folded));
            // Added as the side that has it spells it; removed as the side itself spells it.
            if (wanted != null && onA != wanted) {
                toA.keyword(wanted ? spelling(b, folded) : spelling(a, folded), wanted);
            }
            if (wanted != null && onB != wanted) {
                toB.keyword(wanted ? spelling(a, folded) : spelling(b, folded), wanted);
            }
        }
        FlagChange changeA = toA.change();
        FlagChange changeB = toB.change();
        return new Result(changeA, changeB, new RememberedFlags(a.apply(changeA), b.apply(changeB)));
    }

    /**
     * The value both sides should end with, or null to leave both as they are.
     *
     * @param a     the value on side A now
     * @param b     the value on side B now
     * @param baseA side A's remembered value, or null when unknown (counts as unchanged)
     * @param baseB side B's remembered value, or null when unknown
     */
    static Boolean wanted(boolean a, boolean b, Boolean baseA, Boolean baseB) {
        boolean changedA = baseA != null && baseA != a;
        boolean changedB = baseB != null && baseB != b;
        if (changedA && changedB) {
            return a || b; // the same value, or set wins (see the class comment)
        }
        if (changedA) {
            return a;
        }
        return changedB ? b : null;
    }

    /** Every keyword any of the four states holds, folded, in a fixed order. */
    private static Map<String, String> keywords(FlagState... states) {
        Map<String, String> all = new TreeMap<>();
        for (FlagState s : states) {
            if (s != null) {
                s.keywords().forEach(k -> all.putIfAbsent(FlagState.fold(k), k));
            }
        }
        return all;
    }

    private static String spelling(FlagState state, String folded) {
        return state.keywords().stream().filter(k -> FlagState.fold(k).equals(folded)).findFirst().orElseThrow();
    }

    /** One side's change, gathered flag by flag. */
    private static final class Delta {
        private final Set<Flag> add = EnumSet.noneOf(Flag.class);
        private final Set<Flag> remove = EnumSet.noneOf(Flag.class);
        private final Set<String> addKeywords = new TreeSet<>();
        private final Set<String> removeKeywords = new TreeSet<>();

        void flag(Flag f, boolean now, boolean wanted) {
            if (now != wanted) {
                (wanted ? add : remove).add(f);
            }
        }

        void keyword(String k, boolean wanted) {
            (wanted ? addKeywords : removeKeywords).add(k);
        }

        FlagChange change() {
            return new FlagChange(add, remove, addKeywords, removeKeywords);
        }
    }
}
