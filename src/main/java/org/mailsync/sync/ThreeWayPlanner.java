package org.mailsync.sync;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.mailsync.store.Flag;

/**
 * The sync decision: a pure function from the two sides' indexes and msinfo to a plan.
 * No I/O happens here.
 *
 * <p>Per identity (a = on side A, b = on side B, l = in msinfo), SEMANTICS.md "three-way rule":
 * {@code 1 0 0} copy A to B, {@code 0 1 0} copy B to A, {@code 1 1 x} nothing, {@code 1 0 1}
 * delete on A, {@code 0 1 1} delete on B, {@code 0 0 1} forget. Where we differ from the
 * original (SEMANTICS.md "Where the original goes wrong"):
 * <ul>
 *   <li>duplicates: the first occurrence in a folder is the message; a later one is deleted
 *       only when its content digest equals the first's, else kept and reported; duplicates
 *       are never copied;</li>
 *   <li>messages without identity are reported, never copied or deleted;</li>
 *   <li>new messages flagged \Deleted or over the size limit are reported and left alone;</li>
 *   <li>{@code -n}: deletions become reports and stay pending in msinfo;</li>
 *   <li>a folder that vanished after a sync is never read as "all deleted": the pair is skipped
 *       (with {@code -D} the other side is removed if that loses nothing new);</li>
 *   <li>"Deletions users can trust": more deletions on one side than the channel's
 *       {@code maxdelete} allows are all held back ({@link DeletionBreaker}) unless
 *       {@link SyncOptions#forceDeletions()};</li>
 *   <li>"flags after the first copy": the flags of a message on both sides are merged
 *       three-way against what msinfo remembers of each side ({@link FlagMerge}).</li>
 * </ul>
 */
public final class ThreeWayPlanner {

    private ThreeWayPlanner() {
    }

    /**
     * Plans one folder pair without remembered flags: every flag base is unknown, so no flag
     * changes are planned (the first sync with flags only records them).
     *
     * @param boxname the pair's boxname
     * @param a       side A's index, or null when the folder does not exist on side A
     * @param b       side B's index, or null when the folder does not exist on side B
     * @param msinfo  the identities present on both sides at the end of the last sync
     * @param options the user's choices
     */
    public static SyncPlan plan(String boxname, FolderIndex a, FolderIndex b, Set<String> msinfo, SyncOptions options) {
        Map<String, RememberedFlags> unknown = new HashMap<>();
        for (String id : msinfo) {
            unknown.put(id, RememberedFlags.unknown());
        }
        return plan(boxname, a, b, unknown, options);
    }

    /**
     * Plans one folder pair.
     *
     * @param boxname the pair's boxname
     * @param a       side A's index, or null when the folder does not exist on side A
     * @param b       side B's index, or null when the folder does not exist on side B
     * @param msinfo  the identities present on both sides at the end of the last sync, each with
     *                the flags remembered for it (a null value counts as unknown)
     * @param options the user's choices
     */
    public static SyncPlan plan(String boxname, FolderIndex a, FolderIndex b, Map<String, RememberedFlags> msinfo,
                                SyncOptions options) {
        if (a == null && b == null) {
            return new SyncPlan(boxname, List.of(), msinfo.keySet(), true);
        }
        List<SyncAction> creations = new ArrayList<>();
        if (a == null || b == null) {
            Side missing = a == null ? Side.A : Side.B;
            FolderIndex existing = a == null ? b : a;
            if (!msinfo.isEmpty()) {
                return vanishedFolder(boxname, missing, existing, msinfo.keySet(), options);
            }
            // Never synced: the pair exists on one side only, so create it and copy everything.
            creations.add(new SyncAction(ActionType.CREATE_FOLDER, missing, null));
            FolderIndex empty = new FolderIndex(existing.folder(), List.of());
            a = a == null ? empty : a;
            b = b == null ? empty : b;
        }
        return new PairPlanning(boxname, a, b, msinfo, options, creations).plan();
    }

    // SEMANTICS.md "folder removed on one side": the original recreated it empty and deleted
    // every message on the other side; we skip the pair, or with -D remove the other side too,
    // but only when every message there is remembered (nothing new would be lost).
    private static SyncPlan vanishedFolder(String boxname, Side missing, FolderIndex existing, Set<String> msinfo,
                                           SyncOptions options) {
        boolean nothingNew = existing.messages().stream()
                .allMatch(m -> m.hasIdentity() && msinfo.contains(m.identity()));
        if (options.removeFolders() && !options.noDelete() && nothingNew) {
            return new SyncPlan(boxname, List.of(new SyncAction(ActionType.REMOVE_FOLDER, missing.other(), null)),
                    Set.of(), false);
        }
        return new SyncPlan(boxname, List.of(new SyncAction(ActionType.FOLDER_MISSING, missing, null)), msinfo, true);
    }

    /** The working state of planning one pair whose folders both exist (or are being created). */
    private static final class PairPlanning {
        private final String boxname;
        private final FolderIndex a;
        private final FolderIndex b;
        private final Set<String> msinfo;
        private final Map<String, RememberedFlags> remembered;
        private final SyncOptions options;
        private final List<SyncAction> creations;
        private final List<SyncAction> copiesFromA = new ArrayList<>();
        private final List<SyncAction> copiesFromB = new ArrayList<>();
        private final List<SyncAction> flagChanges = new ArrayList<>();
        private final List<SyncAction> deletions = new ArrayList<>();
        private final List<SyncAction> reports = new ArrayList<>();
        private final Set<String> msinfoBase = new HashSet<>();
        private final Map<String, RememberedFlags> flagsAfter = new HashMap<>();
        private final Map<String, IndexedMessage> firstOnA;
        private final Map<String, IndexedMessage> firstOnB;

        PairPlanning(String boxname, FolderIndex a, FolderIndex b, Map<String, RememberedFlags> remembered,
                     SyncOptions options, List<SyncAction> creations) {
            this.boxname = boxname;
            this.a = a;
            this.b = b;
            this.msinfo = remembered.keySet();
            this.remembered = remembered;
            this.options = options;
            this.creations = creations;
            this.firstOnA = firstOccurrences(a);
            this.firstOnB = firstOccurrences(b);
        }

        SyncPlan plan() {
            planSide(Side.A, a, firstOnA, firstOnB);
            planSide(Side.B, b, firstOnB, firstOnA);
            List<DeletionsHeld> held = DeletionBreaker.held(deletions, msinfo.size(), options);
            for (DeletionsHeld h : held) {
                holdDeletions(h.side());
            }
            planFlags();
            List<SyncAction> actions = new ArrayList<>(creations);
            actions.addAll(copiesFromA);
            actions.addAll(copiesFromB);
            actions.addAll(flagChanges);
            actions.addAll(deletions);
            actions.addAll(reports);
            return new SyncPlan(boxname, actions, msinfoBase, false, flagsAfter, held);
        }

        // SEMANTICS.md "Deletions users can trust": the side's deletions become one report and
        // stay pending in msinfo, like -n, until the user forces them or raises maxdelete.
        private void holdDeletions(Side side) {
            List<SyncAction> onSide = deletions.stream()
                    .filter(d -> d.type() == ActionType.DELETE && d.side() == side).toList();
            deletions.removeAll(onSide);
            onSide.forEach(d -> msinfoBase.add(d.identity()));
            reports.add(new SyncAction(ActionType.DELETIONS_HELD, side, null));
        }

        /**
         * The flags of every identity on both sides (first occurrences only): changes where
         * they changed since the last sync, and what msinfo records afterwards. Only identities
         * msinfo remembers can change: {@code 1 1 0} has no base. With flag sync off nothing
         * changes, but the current flags are still recorded.
         */
        private void planFlags() {
            Map<String, SyncAction> changesOnB = new HashMap<>();
            for (Map.Entry<String, IndexedMessage> e : firstOnA.entrySet()) {
                String id = e.getKey();
                IndexedMessage mb = firstOnB.get(id);
                if (mb == null) {
                    continue;
                }
                msinfoBase.add(id);
                FlagState fa = FlagState.of(e.getValue().meta());
                FlagState fb = FlagState.of(mb.meta());
                if (!options.syncFlags()) {
                    flagsAfter.put(id, new RememberedFlags(fa, fb));
                    continue;
                }
                FlagMerge.Result merged = FlagMerge.merge(fa, fb, msinfo.contains(id) ? remembered(id) : null);
                flagsAfter.put(id, merged.after());
                if (!merged.onA().isEmpty()) {
                    flagChanges.add(new SyncAction(ActionType.SET_FLAGS, Side.A, e.getValue(), merged.onA()));
                }
                if (!merged.onB().isEmpty()) {
                    changesOnB.put(id, new SyncAction(ActionType.SET_FLAGS, Side.B, mb, merged.onB()));
                }
            }
            // Side B's changes in side B's folder order, so that each side's can be batched.
            for (String id : firstOnB.keySet()) {
                if (changesOnB.containsKey(id)) {
                    flagChanges.add(changesOnB.get(id));
                }
            }
            recordFlagsOfOneSided();
        }

        /**
         * Identities on one side only keep what msinfo remembered (a pending, held or failed
         * deletion); a copy records its source's flags and leaves the target's unknown until
         * the next run indexes what the target store actually kept.
         */
        private void recordFlagsOfOneSided() {
            for (String id : msinfoBase) {
                flagsAfter.putIfAbsent(id, remembered(id));
            }
            for (SyncAction d : deletions) {
                if (d.type() == ActionType.DELETE) {
                    flagsAfter.put(d.identity(), remembered(d.identity()));
                }
            }
            for (SyncAction c : copiesFromA) {
                flagsAfter.put(c.identity(), new RememberedFlags(FlagState.of(c.message().meta()), null));
            }
            for (SyncAction c : copiesFromB) {
                flagsAfter.put(c.identity(), new RememberedFlags(null, FlagState.of(c.message().meta())));
            }
        }

        private RememberedFlags remembered(String id) {
            RememberedFlags r = remembered.get(id);
            return r == null ? RememberedFlags.unknown() : r;
        }

        private void planSide(Side side, FolderIndex index, Map<String, IndexedMessage> here,
                              Map<String, IndexedMessage> there) {
            List<SyncAction> copies = side == Side.A ? copiesFromA : copiesFromB;
            for (IndexedMessage m : index.messages()) {
                if (!m.hasIdentity()) {
                    reports.add(new SyncAction(ActionType.NO_IDENTITY, side, m));
                    continue;
                }
                String id = m.identity();
                IndexedMessage first = here.get(id);
                if (first != m) {
                    planDuplicate(side, m, first);
                    continue;
                }
                boolean onOtherSide = there.containsKey(id);
                boolean remembered = msinfo.contains(id);
                if (onOtherSide) {
                    continue; // 1 1 x
                }
                if (remembered) {
                    // 1 0 1 / 0 1 1: deleted on the other side since the last sync.
                    if (options.noDelete()) {
                        // SEMANTICS.md "-n": the original dropped these ids and resurrected the mail.
                        reports.add(new SyncAction(ActionType.DELETE_PENDING, side, m));
                        msinfoBase.add(id);
                    } else {
                        deletions.add(new SyncAction(ActionType.DELETE, side, m));
                    }
                    continue;
                }
                // 1 0 0 / 0 1 0: new on this side.
                if (m.meta().flags().contains(Flag.DELETED) && !options.copyDeleted()) {
                    reports.add(new SyncAction(ActionType.SKIP_DELETED, side, m));
                } else if (options.sizeLimit() > 0 && m.meta().size() > options.sizeLimit()) {
                    reports.add(new SyncAction(ActionType.SKIP_TOO_BIG, side, m));
                } else {
                    copies.add(new SyncAction(ActionType.COPY, side, m));
                }
            }
        }

        // SEMANTICS.md "duplicate Message-ID": the original expunged the first copy; we keep it
        // and delete a later one only when it is provably the same message.
        private void planDuplicate(Side side, IndexedMessage later, IndexedMessage first) {
            boolean identical = later.contentDigest() != null && later.contentDigest().equals(first.contentDigest());
            if (identical && !options.noDelete()) {
                deletions.add(new SyncAction(ActionType.DELETE_DUPLICATE, side, later));
            } else {
                reports.add(new SyncAction(ActionType.DUPLICATE, side, later));
            }
        }

        private static Map<String, IndexedMessage> firstOccurrences(FolderIndex index) {
            Map<String, IndexedMessage> first = new LinkedHashMap<>();
            for (IndexedMessage m : index.messages()) {
                if (m.hasIdentity()) {
                    first.putIfAbsent(m.identity(), m);
                }
            }
            return first;
        }
    }
}
