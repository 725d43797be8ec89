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
    static final SyncOptions FORCE_DELETIONS = new SyncOptions(false, false, false, 0, true);
    static final SyncOptions FLAGS_OFF = SyncOptions.defaults().withSyncFlags(false);

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

    /** A message with flags and keywords, for flag sync. */
    static IndexedMessage flagged(String key, String identity, FlagState flags) {
        Set<Flag> f = flags.flags().isEmpty() ? Set.of() : EnumSet.copyOf(flags.flags());
        return new IndexedMessage(identity, new MessageMeta(key, 100, f, null, null, flags.keywords()), "digest-of-" + identity);
    }

    /** Flags written as IMAP writes them: {@code flags("\\Seen $Work")}; "" for none. */
    static FlagState flags(String imap) {
        return FlagState.parse(imap);
    }

    /** Remembered flags of both sides, each written as {@link #flags(String)} writes it, or null for unknown. */
    static RememberedFlags base(String a, String b) {
        return new RememberedFlags(a == null ? null : flags(a), b == null ? null : flags(b));
    }

    /** {@code n} messages {@code <prefix-i@x>} keyed {@code prefix-i}. */
    static IndexedMessage[] numbered(String prefix, int from, int to) {
        IndexedMessage[] out = new IndexedMessage[to - from];
        for (int i = from; i < to; i++) {
            out[i - from] = msg(prefix + i, "<" + i + "@x>");
        }
        return out;
    }

    /** The identities {@code <i@x>} for i from {@code from} (inclusive) to {@code to} (exclusive). */
    static Set<String> numberedIds(int from, int to) {
        Set<String> ids = new java.util.HashSet<>();
        for (int i = from; i < to; i++) {
            ids.add("<" + i + "@x>");
        }
        return ids;
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
                .map(a -> a.type() + " " + a.side() + (a.message() == null ? "" : " " + a.message().meta().key())
                        + (a.change() == null ? "" : " " + a.change()))
                .toList();
    }
}
