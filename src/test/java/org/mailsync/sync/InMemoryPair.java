package org.mailsync.sync;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

import org.mailsync.store.Flag;
import org.mailsync.store.MessageMeta;

/**
 * The two folders of a pair held in memory (null for a folder that does not exist), with a
 * plan's store changes carried out on them the way a committer would, so tests can check what
 * a plan leads to.
 *
 * @param a side A's messages, or null
 * @param b side B's messages, or null
 */
record InMemoryPair(List<IndexedMessage> a, List<IndexedMessage> b) {

    /** The result of carrying out a plan: the new folders and the ids whose COPY succeeded. */
    record Applied(InMemoryPair pair, Set<String> copiedIds) {

        /** The msinfo a committer would write: the plan's base plus every copied id. */
        Set<String> msinfo(SyncPlan plan) {
            Set<String> next = new HashSet<>(plan.msinfoBase());
            next.addAll(copiedIds);
            return next;
        }

        /** The msinfo with flags a committer would write when every action succeeded. */
        Map<String, RememberedFlags> msinfoWithFlags(SyncPlan plan) {
            Map<String, RememberedFlags> next = new HashMap<>();
            msinfo(plan).forEach(id -> next.put(id, plan.rememberedFlags(id)));
            return next;
        }
    }

    InMemoryPair {
        a = a == null ? null : List.copyOf(a);
        b = b == null ? null : List.copyOf(b);
    }

    FolderIndex indexA() {
        return a == null ? null : new FolderIndex("box", a);
    }

    FolderIndex indexB() {
        return b == null ? null : new FolderIndex("box", b);
    }

    List<IndexedMessage> side(Side side) {
        return side == Side.A ? a : b;
    }

    /** The identities held on a side (none for a missing folder). */
    Set<String> identities(Side side) {
        List<IndexedMessage> messages = side(side);
        return messages == null ? Set.of() : messages.stream().map(IndexedMessage::identity)
                .filter(Objects::nonNull).collect(Collectors.toSet());
    }

    /** Plans this pair. */
    SyncPlan plan(Set<String> msinfo, SyncOptions options) {
        return ThreeWayPlanner.plan("box", indexA(), indexB(), msinfo, options);
    }

    /** Plans this pair with remembered flags. */
    SyncPlan plan(Map<String, RememberedFlags> msinfo, SyncOptions options) {
        return ThreeWayPlanner.plan("box", indexA(), indexB(), msinfo, options);
    }

    /** Carries out every store-changing action of the plan, in plan order; reports change nothing. */
    Applied apply(SyncPlan plan) {
        List<IndexedMessage> newA = a == null ? null : new ArrayList<>(a);
        List<IndexedMessage> newB = b == null ? null : new ArrayList<>(b);
        Set<String> copied = new HashSet<>();
        for (SyncAction action : plan.actions()) {
            List<IndexedMessage> on = action.side() == Side.A ? newA : newB;
            switch (action.type()) {
                case CREATE_FOLDER -> {
                    if (on != null) {
                        throw new AssertionError("created a folder that exists: " + action);
                    }
                    if (action.side() == Side.A) {
                        newA = new ArrayList<>();
                    } else {
                        newB = new ArrayList<>();
                    }
                }
                case REMOVE_FOLDER -> {
                    if (action.side() == Side.A) {
                        newA = null;
                    } else {
                        newB = null;
                    }
                }
                case COPY -> {
                    List<IndexedMessage> target = action.side() == Side.A ? newB : newA;
                    if (on == null || target == null || !on.contains(action.message())) {
                        throw new AssertionError("copy from or to nowhere: " + action);
                    }
                    IndexedMessage m = action.message();
                    MessageMeta meta = m.meta();
                    target.add(new IndexedMessage(m.identity(), new MessageMeta("copy-of-" + meta.key() + "@"
                            + action.side(), meta.size(), meta.flags(), meta.internalDate(), meta.header(),
                            meta.keywords()), m.contentDigest()));
                    copied.add(m.identity());
                }
                case SET_FLAGS -> {
                    int at = on == null ? -1 : on.indexOf(action.message());
                    if (at < 0 || action.change().isEmpty()) {
                        throw new AssertionError("flags of a message that is not there, or no change: " + action);
                    }
                    on.set(at, withFlags(action.message(), FlagState.of(action.message().meta()).apply(action.change())));
                }
                case DELETE, DELETE_DUPLICATE -> {
                    if (on == null || !on.remove(action.message())) {
                        throw new AssertionError("deleted a message that is not there: " + action);
                    }
                }
                default -> {
                    // reports change nothing
                }
            }
        }
        return new Applied(new InMemoryPair(newA, newB), copied);
    }

    /** The message with other synced flags; \Deleted is kept as it was. */
    static IndexedMessage withFlags(IndexedMessage m, FlagState flags) {
        MessageMeta meta = m.meta();
        EnumSet<Flag> f = EnumSet.noneOf(Flag.class);
        f.addAll(flags.flags());
        if (meta.flags().contains(Flag.DELETED)) {
            f.add(Flag.DELETED);
        }
        return new IndexedMessage(m.identity(), new MessageMeta(meta.key(), meta.size(), f, meta.internalDate(),
                meta.header(), flags.keywords()), m.contentDigest());
    }
}
