package org.mailsync.check;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The duplicates among a folder's messages, in folder order: a later message with the same
 * content digest as an earlier one is a byte-identical copy (line ends and mbox status fields
 * aside, see {@link org.mailsync.identity.ContentDigest}), the only kind {@code --fix-duplicates}
 * removes; different messages sharing a Message-ID are reported, never removed, since which one
 * is right is the user's call (SEMANTICS.md, "duplicate Message-ID in one folder").
 *
 * @param identicalCopies the later identical copies, each with the first copy it repeats
 * @param findings        a problem per later copy and per message sharing another's id
 */
public record Duplicates(Map<ScannedMessage, ScannedMessage> identicalCopies, List<Finding> findings) {

    /** Finds the duplicates of messages given in folder order. */
    public static Duplicates of(List<ScannedMessage> messages) {
        Map<String, ScannedMessage> firstByDigest = new HashMap<>();
        Map<String, ScannedMessage> firstById = new HashMap<>();
        Map<ScannedMessage, ScannedMessage> copies = new LinkedHashMap<>();
        List<Finding> findings = new ArrayList<>();
        for (ScannedMessage m : messages) {
            ScannedMessage same = m.digest() == null ? null : firstByDigest.putIfAbsent(m.digest(), m);
            if (same != null) {
                copies.put(m, same);
                findings.add(Finding.problem(m.place(), "duplicate: a byte-identical copy of " + same.place()
                        + " (--fix-duplicates removes it)"));
                continue;
            }
            ScannedMessage sharing = m.messageId() == null ? null : firstById.putIfAbsent(m.messageId(), m);
            if (sharing != null) {
                boolean compared = m.digest() != null && sharing.digest() != null;
                findings.add(Finding.problem(m.place(), "duplicate Message-ID " + m.messageId() + " of " + sharing.place()
                        + (compared ? ", with different content" : " (content not compared: unreadable)")
                        + ": a sync keeps both and copies neither; keep the right one"));
            }
        }
        return new Duplicates(copies, findings);
    }
}
