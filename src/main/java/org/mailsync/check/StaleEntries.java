package org.mailsync.check;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * A channel's msinfo entries for a boxname that match no message on either side: the state
 * says the message was on both sides after the last sync, yet neither has it now. The next
 * sync just forgets them ("deleted on both"), so they harm nothing by themselves; but many of
 * them point at a wrong path or server, or at a folder emptied behind mailsync's back.
 */
public final class StaleEntries {

    private StaleEntries() {
    }

    /**
     * A problem per stale entry, in identity order.
     *
     * @param remembered the boxname's msinfo identities
     * @param present    the identities of the messages on both sides now
     * @param stores     the channel's stores' names, for the text
     */
    public static List<Finding> of(Set<String> remembered, Set<String> present, List<String> stores) {
        List<Finding> findings = new ArrayList<>();
        for (String id : new TreeSet<>(remembered)) {
            if (!present.contains(id)) {
                findings.add(Finding.problem("msinfo entry " + id, "matches no message on " + String.join(" or ", stores)
                        + " (stale state; the next sync forgets it)"));
            }
        }
        return findings;
    }
}
