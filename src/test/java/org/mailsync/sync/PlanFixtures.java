package org.mailsync.sync;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import org.mailsync.store.Flag;
import org.mailsync.store.MessageMeta;

/** Builders for indexes and options, so planner tests read as their scenario. */
final class PlanFixtures {

    static final SyncOptions DEFAULTS = SyncOptions.defaults();
    static final SyncOptions NO_DELETE = new SyncOptions(true, false, false, 0, false);
    static final SyncOptions REMOVE_FOLDERS = new SyncOptions(false, true, false, 0, false);
    static final SyncOptions COPY_DELETED = new SyncOptions(false, false, true, 0, false);
    static final SyncOptions ALLOW_EMPTIED = new SyncOptions(false, false, false, 0, true);

    private PlanFixtures() {
    }

    static SyncOptions sizeLimit(long bytes) {
        return new SyncOptions(false, false, false, bytes, false);
    }

    /** A message with that key and identity (null for none); its digest is derived from both. */
    static IndexedMessage msg(String key, String identity) {
        return msg(key, identity, "digest-of-" + identity);
    }

    static IndexedMessage msg(String key, String identity, String digest) {
        return new IndexedMessage(identity, new MessageMeta(key, 100, Set.of(), null, null), digest);
    }

    static IndexedMessage deletedMsg(String key, String identity) {
        return new IndexedMessage(identity,
                new MessageMeta(key, 100, EnumSet.of(Flag.DELETED, Flag.SEEN), null, null), "d");
    }

    static IndexedMessage sizedMsg(String key, String identity, long size) {
        return new IndexedMessage(identity, new MessageMeta(key, size, Set.of(), null, null), "d");
    }

    static FolderIndex index(IndexedMessage... messages) {
        return new FolderIndex("box", Arrays.asList(messages));
    }

    static Set<String> msinfo(String... ids) {
        return Set.of(ids);
    }

    /** The plan's actions as "TYPE SIDE key" strings, for compact order-sensitive assertions. */
    static List<String> steps(SyncPlan plan) {
        return plan.actions().stream()
                .map(a -> a.type() + " " + a.side() + (a.message() == null ? "" : " " + a.message().meta().key()))
                .toList();
    }
}
