package org.mailsync.sync;

import java.util.ArrayList;
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
 *   <li>a folder that became empty while the other side still holds remembered messages does
 *       not propagate those deletions unless {@link SyncOptions#allowEmptied()}.</li>
 * </ul>
 */
public final class ThreeWayPlanner {

    private ThreeWayPlanner() {
    }

    /**
     * Plans one folder pair.
     *
     * @param boxname the pair's boxname
     * @param a       side A's index, or null when the folder does not exist on side A
     * @param b       side B's index, or null when the folder does not exist on side B
     * @param msinfo  the identities present on both sides at the end of the last sync
     * @param options the user's choices
     */
    public static SyncPlan plan(String boxname, FolderIndex a, FolderIndex b, Set<String> msinfo, SyncOptions options) {
        if (a == null && b == null) {
            return new SyncPlan(boxname, List.of(), msinfo, true);
        }
        List<SyncAction> creations = new ArrayList<>();
        if (a == null || b == null) {
            Side missing = a == null ? Side.A : Side.B;
            FolderIndex existing = a == null ? b : a;
            if (!msinfo.isEmpty()) {
                return vanishedFolder(boxname, missing, existing, msinfo, options);
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
        private final SyncOptions options;
        private final List<SyncAction> creations;
        private final List<SyncAction> copiesFromA = new ArrayList<>();
        private final List<SyncAction> copiesFromB = new ArrayList<>();
        private final List<SyncAction> deletions = new ArrayList<>();
        private final List<SyncAction> reports = new ArrayList<>();
        private final Set<String> msinfoBase = new HashSet<>();
        private final Map<String, IndexedMessage> firstOnA;
        private final Map<String, IndexedMessage> firstOnB;

        PairPlanning(String boxname, FolderIndex a, FolderIndex b, Set<String> msinfo, SyncOptions options,
                     List<SyncAction> creations) {
            this.boxname = boxname;
            this.a = a;
            this.b = b;
            this.msinfo = msinfo;
            this.options = options;
            this.creations = creations;
            this.firstOnA = firstOccurrences(a);
            this.firstOnB = firstOccurrences(b);
        }

        SyncPlan plan() {
            for (Side side : Side.values()) {
                if (emptiedAndProtected(side)) {
                    // Skip the whole pair, copies too: copying new mail into the emptied folder
                    // would make the next run see it as non-empty and carry out the deletions.
                    return new SyncPlan(boxname, List.of(new SyncAction(ActionType.FOLDER_EMPTIED, side, null)), msinfo, true);
                }
            }
            planSide(Side.A, a, firstOnA, firstOnB);
            planSide(Side.B, b, firstOnB, firstOnA);
            for (String id : firstOnA.keySet()) {
                if (firstOnB.containsKey(id)) {
                    msinfoBase.add(id);
                }
            }
            List<SyncAction> actions = new ArrayList<>(creations);
            actions.addAll(copiesFromA);
            actions.addAll(copiesFromB);
            actions.addAll(deletions);
            actions.addAll(reports);
            return new SyncPlan(boxname, actions, msinfoBase, false);
        }

        /**
         * Whether {@code emptied}'s folder has no messages at all while msinfo remembers
         * messages the other side still holds: deleting those would empty the other side too,
         * and an emptied folder is far more often an accident (a wiped client cache, a wrong
         * path) than a wish. The pair is skipped as a whole (FOLDER_EMPTIED) until the user
         * restores the folder or runs with {@code --allow-emptied}; msinfo stays as it was.
         */
        private boolean emptiedAndProtected(Side emptied) {
            FolderIndex index = emptied == Side.A ? a : b;
            Map<String, IndexedMessage> other = emptied == Side.A ? firstOnB : firstOnA;
            if (options.allowEmptied() || msinfo.isEmpty() || !index.messages().isEmpty()) {
                return false;
            }
            return other.keySet().stream().anyMatch(msinfo::contains);
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
