package org.mailsync.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.mailsync.sync.ActionType;
import org.mailsync.sync.DeletionsHeld;
import org.mailsync.sync.Side;
import org.mailsync.sync.SyncAction;

/**
 * The count lines of one folder pair's block, in the original's words where it has them
 * ({@code 2 copied a->b.}) and in the same shape where it has none: one line per count, each
 * printed only when not 0, singular and plural right.
 */
final class PairSummary {

    private PairSummary() {
    }

    /**
     * The lines between {@code box: } and {@code N remain.}.
     *
     * @param outcome  what became of the pair's actions
     * @param reported the pair's report-only actions counted by type and side (index 0: A)
     * @param nameA    store A's name
     * @param nameB    store B's name
     */
    static List<String> lines(PairOutcome outcome, Map<ActionType, int[]> reported, String nameA, String nameB) {
        List<String> lines = new ArrayList<>();
        for (SyncAction a : outcome.folderActionsDone()) {
            lines.add((a.type() == ActionType.CREATE_FOLDER ? "created on " : "removed on ")
                    + (a.side() == Side.A ? nameA : nameB) + ".");
        }
        count(lines, outcome.copiedFrom(Side.A), "copied " + nameA + "->" + nameB + ".");
        count(lines, outcome.copiedFrom(Side.B), "copied " + nameB + "->" + nameA + ".");
        count(lines, outcome.deletedOn(Side.A), "deleted on " + nameA + ".");
        count(lines, outcome.deletedOn(Side.B), "deleted on " + nameB + ".");
        count(lines, outcome.flagsChangedOn(Side.A), "with flags changed on " + nameA + ".");
        count(lines, outcome.flagsChangedOn(Side.B), "with flags changed on " + nameB + ".");
        for (Side side : Side.values()) {
            int i = side.ordinal();
            String store = side == Side.A ? nameA : nameB;
            DeletionsHeld held = outcome.plan().deletionsHeldOn(side);
            count(lines, held == null ? 0 : held.deletions(), "to delete on " + store + " held back ("
                    + (held != null && held.limit().storeEmptied() ? "store emptied" : "maxdelete") + ").");
            int duplicates = get(reported, ActionType.DUPLICATE, i);
            if (duplicates > 0) {
                lines.add(plural(duplicates, "duplicate", "duplicates") + " kept on " + store + ".");
            }
            count(lines, get(reported, ActionType.DELETE_PENDING, i), "to delete on " + store + " held back (-n).");
            count(lines, get(reported, ActionType.SKIP_TOO_BIG, i), "too big on " + store + ", not copied.");
            count(lines, get(reported, ActionType.SKIP_DELETED, i), "flagged deleted on " + store + ", not copied.");
            count(lines, get(reported, ActionType.NO_IDENTITY, i), "without Message-ID on " + store + ", not synced.");
        }
        count(lines, outcome.errors().size(), outcome.errors().size() == 1 ? "error." : "errors.");
        return lines;
    }

    /** A count of report-only actions of one type on one side (0: A, 1: B). */
    static int get(Map<ActionType, int[]> counts, ActionType type, int side) {
        int[] c = counts.get(type);
        return c == null ? 0 : c[side];
    }

    static String plural(int n, String one, String many) {
        return n + " " + (n == 1 ? one : many);
    }

    private static void count(List<String> lines, int n, String what) {
        if (n > 0) {
            lines.add(n + " " + what);
        }
    }
}
