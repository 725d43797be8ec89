package org.mailsync.route;

import java.util.HashMap;
import java.util.Map;

import org.mailsync.sync.FlagState;
import org.mailsync.sync.IndexedMessage;
import org.mailsync.sync.RememberedFlags;

/**
 * Fills in the flags msinfo cannot know from the plan alone: those a copied message got on its
 * target side (a store may not keep every keyword; the planner leaves that side unknown). The
 * commit takes them from the pair's folders as this run left them ({@link
 * IndexCacheKeeper#refresh}), so that the next run with nothing to do plans nothing and
 * writes nothing, instead of first recording them.
 */
final class CopiedFlags {

    private CopiedFlags() {
    }

    /**
     * The remembered flags with each unknown side taken from that side's refreshed index, where
     * it holds the identity; others as they are.
     */
    static Map<String, RememberedFlags> fill(Map<String, RememberedFlags> after, IndexCacheUse.Pair refreshed) {
        if (refreshed == null) {
            return after;
        }
        Map<String, FlagState> onA = null;
        Map<String, FlagState> onB = null;
        Map<String, RememberedFlags> filled = new HashMap<>(after);
        for (Map.Entry<String, RememberedFlags> e : after.entrySet()) {
            RememberedFlags flags = e.getValue();
            FlagState a = flags.a();
            FlagState b = flags.b();
            if (a == null && refreshed.a() != null) {
                onA = onA == null ? flagsById(refreshed.a()) : onA;
                a = onA.get(e.getKey());
            }
            if (b == null && refreshed.b() != null) {
                onB = onB == null ? flagsById(refreshed.b()) : onB;
                b = onB.get(e.getKey());
            }
            if (a != flags.a() || b != flags.b()) {
                filled.put(e.getKey(), new RememberedFlags(a, b));
            }
        }
        return filled;
    }

    private static Map<String, FlagState> flagsById(IndexCacheUse use) {
        Map<String, FlagState> byId = new HashMap<>();
        for (IndexedMessage m : use.index().messages()) {
            if (m.hasIdentity()) {
                byId.putIfAbsent(m.identity(), FlagState.of(m.meta())); // the first occurrence is the message
            }
        }
        return byId;
    }
}
