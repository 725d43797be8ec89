package org.mailsync.store.imap;

import static org.mailsync.store.imap.ImapConnection.command;
import static org.mailsync.store.imap.ImapConnection.raw;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.MessagingException;

import org.mailsync.store.Flag;
import org.mailsync.store.FlagChange;
import org.mailsync.store.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sets and clears flags and keywords on an IMAP server: {@code UID STORE uid-set +FLAGS.SILENT}
 * and {@code -FLAGS.SILENT} (RFC 3501 section 6.4.6 and 6.4.8), one pair of commands per group
 * of messages that share a delta, and the keywords an APPEND may carry.
 *
 * <p>A keyword is only sent where the folder keeps it: when its {@code PERMANENTFLAGS}
 * (RFC 3501 section 7.1) hold {@code \*} (new keywords allowed) or that keyword. Others are
 * dropped with a warning naming the folder and the keyword, and so is one that is not an IMAP
 * atom and so cannot be sent at all. A SELECT is what tells: EXAMINE answers with empty
 * PERMANENTFLAGS (read-only), so the folder is selected read-write first.
 */
final class ImapFlagChanges {

    private static final Logger LOG = LoggerFactory.getLogger(ImapStore.class);

    private final ImapConnection conn;
    private final String name;

    ImapFlagChanges(ImapConnection conn, String name) {
        this.conn = conn;
        this.name = name;
    }

    /**
     * Applies each delta to its message. Every key is checked first (its UIDVALIDITY, and that
     * its UID is still there), so a stale key changes nothing. The commands are repeatable: a
     * delta sets or clears only what it names, so sending it twice does no harm.
     */
    void change(String folder, Map<String, FlagChange> changes) throws StoreException {
        Map<ImapKey, FlagChange> byKey = new LinkedHashMap<>();
        for (Map.Entry<String, FlagChange> e : changes.entrySet()) {
            if (!e.getValue().isEmpty()) {
                byKey.put(ImapKey.require(name, folder, e.getKey()), e.getValue());
            }
        }
        if (byKey.isEmpty()) {
            return;
        }
        conn.run("changing flags in " + folder, true, () -> {
            VanishedAwareFolder f = conn.select(folder, Folder.READ_WRITE);
            for (ImapKey k : byKey.keySet()) {
                k.requireValidity(f, name, folder);
            }
            long[] uids = byKey.keySet().stream().mapToLong(ImapKey::uid).distinct().sorted().toArray();
            List<Long> absent = f.absent(uids);
            if (!absent.isEmpty()) {
                long validity = f.getUIDValidity();
                throw new StoreException(name + ": no flags changed in " + folder + ": no message "
                        + String.join(", ", absent.stream().map(uid -> ImapKey.format(validity, uid)).toList()));
            }
            Flags permanent = f.getPermanentFlags();
            for (Map.Entry<FlagChange, long[]> group : groups(byKey).entrySet()) {
                FlagChange c = group.getKey();
                String set = ImapKey.uidSet(group.getValue());
                // No UNCHANGEDSINCE (RFC 7162 section 3.1.3): a delta only sets or clears the
                // flags it names, so it cannot undo another client's concurrent change of any
                // other flag; only a STORE of a whole flag list (FLAGS without +/-) could.
                store(f, set, '+', c.add(), keptIn(folder, c.addKeywords(), permanent));
                store(f, set, '-', c.remove(), sendable(c.removeKeywords(), name, folder));
            }
            return null;
        });
    }

    private static void store(VanishedAwareFolder f, String set, char sign, Set<Flag> flags, Collection<String> keywords)
            throws MessagingException {
        List<String> names = new ArrayList<>();
        flags.forEach(flag -> names.add(ImapFlags.imapName(flag)));
        names.addAll(keywords);
        if (!names.isEmpty()) {
            command(f, p -> raw(p, "UID STORE " + set + " " + sign + "FLAGS.SILENT (" + String.join(" ", names) + ")"));
        }
    }

    /** The UIDs of each distinct delta, ascending. */
    private static Map<FlagChange, long[]> groups(Map<ImapKey, FlagChange> byKey) {
        Map<FlagChange, TreeSet<Long>> uids = new LinkedHashMap<>();
        byKey.forEach((k, c) -> uids.computeIfAbsent(c, x -> new TreeSet<>()).add(k.uid()));
        Map<FlagChange, long[]> out = new LinkedHashMap<>();
        uids.forEach((c, set) -> out.put(c, set.stream().mapToLong(Long::longValue).toArray()));
        return out;
    }

    /**
     * The flags of a message to append, its keywords cut to those the folder keeps; selects
     * the folder read-write to learn its PERMANENTFLAGS when there are keywords.
     */
    Flags forAppend(String folder, Set<Flag> flags, Set<String> keywords) throws MessagingException, StoreException {
        Flags out = ImapFlags.toFlags(flags);
        if (keywords != null && !keywords.isEmpty()) {
            Flags permanent = conn.select(folder, Folder.READ_WRITE).getPermanentFlags();
            keptIn(folder, keywords, permanent).forEach(out::add);
        }
        return out;
    }

    /** The keywords the folder keeps, each other one dropped with a warning. */
    private List<String> keptIn(String folder, Collection<String> keywords, Flags permanent) {
        return kept(sendable(keywords, name, folder), permanent, name + ": " + folder + " on " + conn.server());
    }

    /**
     * The keywords that {@code PERMANENTFLAGS} let a folder keep: all with {@code \*}, else the
     * ones listed (ignoring case, as {@link Flags} compares keywords); each other one is dropped
     * with a warning that starts with {@code where}.
     */
    static List<String> kept(Collection<String> keywords, Flags permanent, String where) {
        List<String> out = new ArrayList<>();
        boolean anyKeyword = permanent != null && permanent.contains(Flags.Flag.USER);
        for (String keyword : keywords) {
            if (anyKeyword || (permanent != null && permanent.contains(keyword))) {
                out.add(keyword);
            } else {
                LOG.warn("{} does not keep keyword \"{}\" (not in its PERMANENTFLAGS); dropped", where, keyword);
            }
        }
        return out;
    }

    /** The keywords that are IMAP atoms; any other cannot be sent and is dropped with a warning. */
    static List<String> sendable(Collection<String> keywords, String name, String folder) {
        List<String> out = new ArrayList<>();
        for (String keyword : keywords) {
            if (ImapFlags.isAtom(keyword)) {
                out.add(keyword);
            } else {
                LOG.warn("{}: keyword \"{}\" for {} is not an IMAP atom; dropped", name, keyword, folder);
            }
        }
        return out;
    }
}
