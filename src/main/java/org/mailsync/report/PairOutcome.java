package org.mailsync.report;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.mailsync.sync.ActionType;
import org.mailsync.sync.RememberedFlags;
import org.mailsync.sync.Side;
import org.mailsync.sync.SyncAction;
import org.mailsync.sync.SyncPlan;

/**
 * What became of the actions of one folder pair: the copy, flag and delete steps record each success
 * and failure here, and the msinfo commit reads it, so that msinfo records exactly what ended
 * up on both sides.
 */
public final class PairOutcome {

    private final String boxname;
    private final SyncPlan plan;
    private final Set<String> copied = new HashSet<>();
    private final Set<String> deleteFailed = new HashSet<>();
    private final Map<Side, Integer> copiedFrom = new EnumMap<>(Side.class);
    private final Map<Side, Integer> deletedOn = new EnumMap<>(Side.class);
    private final Map<Side, Integer> flagsChangedOn = new EnumMap<>(Side.class);
    private final Set<String> flagsFailed = new HashSet<>();
    private final List<SyncAction> folderActionsDone = new ArrayList<>();
    private final List<String> errors = new ArrayList<>();
    private boolean folderFailed;
    private boolean aborted;

    /**
     * @param boxname the folder pair's boxname
     * @param plan    its plan
     */
    public PairOutcome(String boxname, SyncPlan plan) {
        this(boxname, plan, -1);
    }

    /**
     * The outcome of a settled pair (route.SettledPairs), whose plan is empty and whose msinfo
     * was not loaded: {@code remain} is how many identities it holds.
     */
    public PairOutcome(String boxname, SyncPlan plan, int remain) {
        this.boxname = boxname;
        this.plan = plan;
        this.settledRemain = remain;
    }

    private final int settledRemain;

    /** How many messages remain on both sides after the pair's actions (the report's "N remain"). */
    public synchronized int remainCount() {
        return settledRemain >= 0 ? settledRemain : msinfoAfter().size();
    }

    /** The folder pair's boxname. */
    public String boxname() {
        return boxname;
    }

    public SyncPlan plan() {
        return plan;
    }

    /** A copy succeeded: its identity is now on both sides. */
    public synchronized void copied(SyncAction action) {
        copied.add(action.identity());
        copiedFrom.merge(action.side(), 1, Integer::sum);
    }

    /** Messages were deleted on a side. */
    public synchronized void deleted(Side side, List<SyncAction> actions) {
        deletedOn.merge(side, actions.size(), Integer::sum);
    }

    /** Deletions failed: their identities stay in msinfo so that the next run tries again. */
    public synchronized void deleteFailed(List<SyncAction> actions, String error) {
        for (SyncAction a : actions) {
            if (a.type() == ActionType.DELETE) {
                deleteFailed.add(a.identity());
            }
        }
        errors.add(error);
    }

    /** A SET_FLAGS succeeded. */
    public synchronized void flagsChanged(SyncAction action) {
        flagsChangedOn.merge(action.side(), 1, Integer::sum);
    }

    /**
     * A SET_FLAGS failed: its identity keeps the flags msinfo had loaded (see {@link
     * #rememberedFlagsAfter(Map)}), so that the next run sees the same change and tries again.
     */
    public synchronized void flagsFailed(SyncAction action, String error) {
        flagsFailed.add(action.identity());
        errors.add(error);
    }

    /** A batch of SET_FLAGS failed as a whole (one error for all of them); see {@link #flagsFailed(SyncAction, String)}. */
    public synchronized void flagsFailed(List<SyncAction> actions, String error) {
        for (SyncAction action : actions) {
            flagsFailed.add(action.identity());
        }
        errors.add(error);
    }

    /** An action failed; the error names what. */
    public synchronized void failed(String error) {
        errors.add(error);
    }

    /** A folder was created or removed. */
    public synchronized void folderActionDone(SyncAction action) {
        folderActionsDone.add(action);
    }

    /** The folder creations and removals that were carried out. */
    public synchronized List<SyncAction> folderActionsDone() {
        return List.copyOf(folderActionsDone);
    }

    /** A folder creation or removal failed: nothing more is done to the pair. */
    public synchronized void folderFailed(String error) {
        folderFailed = true;
        errors.add(error);
    }

    public synchronized boolean isFolderFailed() {
        return folderFailed;
    }

    /**
     * A store of the pair failed as a whole (its connection is gone after the retries): the
     * pair's remaining actions are skipped and it is not committed, so the next run starts
     * from the state before this one.
     */
    public synchronized void abort(String error) {
        aborted = true;
        errors.add(error);
    }

    /** Whether the pair was given up after a store failure. */
    public synchronized boolean isAborted() {
        return aborted;
    }

    /** The identities msinfo must hold after this pair's sync. */
    public synchronized Set<String> msinfoAfter() {
        Set<String> ids = new HashSet<>(plan.msinfoBase());
        ids.addAll(copied);
        ids.addAll(deleteFailed);
        return ids;
    }

    /**
     * The flags msinfo records for each identity of {@link #msinfoAfter()}: the plan's
     * {@link SyncPlan#rememberedFlags()}, except for an identity whose SET_FLAGS failed, which
     * keeps what was loaded (unknown when nothing was).
     *
     * @param loaded the flags msinfo held before this sync
     */
    public synchronized Map<String, RememberedFlags> rememberedFlagsAfter(Map<String, RememberedFlags> loaded) {
        Map<String, RememberedFlags> after = new HashMap<>();
        for (String id : msinfoAfter()) {
            RememberedFlags flags = flagsFailed.contains(id) ? loaded.get(id) : plan.rememberedFlags(id);
            after.put(id, flags == null ? RememberedFlags.unknown() : flags);
        }
        return after;
    }

    public synchronized int copiedFrom(Side side) {
        return copiedFrom.getOrDefault(side, 0);
    }

    public synchronized int deletedOn(Side side) {
        return deletedOn.getOrDefault(side, 0);
    }

    /** How many messages' flags were changed on a side. */
    public synchronized int flagsChangedOn(Side side) {
        return flagsChangedOn.getOrDefault(side, 0);
    }

    public synchronized List<String> errors() {
        return List.copyOf(errors);
    }
}
