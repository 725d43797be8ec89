package org.mailsync.sync;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What to do with one folder pair, as decided by {@link ThreeWayPlanner}.
 *
 * @param boxname         the pair's boxname
 * @param actions         the actions in the order to carry them out: folder creations, then
 *                        copies (in each source folder's order), then flag changes (side A's,
 *                        then side B's, each in its folder's order), then deletions, then reports
 * @param msinfoBase      the identities msinfo must hold after the sync whatever happens to the
 *                        actions: those on both sides that no action touches, and deletions held
 *                        back by {@code -n} or the deletion circuit breaker. The committer adds
 *                        each identity whose COPY succeeded and each whose DELETE failed, so
 *                        msinfo only ever records what is (or is meant to stay) on both sides.
 * @param skipped         whether the pair was skipped as a whole (its msinfo must not be touched)
 * @param rememberedFlags the flags msinfo records per identity once the pair's actions succeed:
 *                        for every identity of {@code msinfoBase} on both sides, each side's
 *                        flags after the planned SET_FLAGS (its current flags where none is
 *                        planned, with flag sync off too, so that switching it on later changes
 *                        nothing spuriously); for an identity whose deletion is pending, held or
 *                        planned (in case it fails), what msinfo remembered; for a COPY, the
 *                        source side's current flags and the target side unknown (the next run
 *                        records what the target store actually kept, so a store that cannot
 *                        hold a keyword never reads as having cleared it). <b>When a SET_FLAGS
 *                        of an identity fails</b>, the committer must record the flags msinfo
 *                        had loaded for it instead, so that the next run sees the same change
 *                        and tries again.
 * @param deletionsHeld   the sides whose deletions the circuit breaker held back, with counts
 */
public record SyncPlan(String boxname, List<SyncAction> actions, Set<String> msinfoBase, boolean skipped,
                       Map<String, RememberedFlags> rememberedFlags, List<DeletionsHeld> deletionsHeld) {

    public SyncPlan {
        actions = List.copyOf(actions);
        msinfoBase = Set.copyOf(msinfoBase);
        rememberedFlags = Map.copyOf(rememberedFlags);
        deletionsHeld = List.copyOf(deletionsHeld);
    }

    /** A plan that records no flags and holds back no deletions (skipped pairs, removed folders). */
    public SyncPlan(String boxname, List<SyncAction> actions, Set<String> msinfoBase, boolean skipped) {
        this(boxname, actions, msinfoBase, skipped, Map.of(), List.of());
    }

    /** The actions of one type, in plan order. */
    public List<SyncAction> actionsOf(ActionType type) {
        return actions.stream().filter(a -> a.type() == type).toList();
    }

    /** Whether the plan changes anything in either store. */
    public boolean changesStores() {
        return actions.stream().anyMatch(a -> a.type().changesStore());
    }

    /** The flags to record for an identity once its actions succeeded; unknown when the plan says nothing. */
    public RememberedFlags rememberedFlags(String identity) {
        return rememberedFlags.getOrDefault(identity, RememberedFlags.unknown());
    }

    /** What the circuit breaker held back on a side, or null when it held back nothing there. */
    public DeletionsHeld deletionsHeldOn(Side side) {
        return deletionsHeld.stream().filter(h -> h.side() == side).findFirst().orElse(null);
    }
}
