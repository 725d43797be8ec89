package org.mailsync.store.imap;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.mail.Folder;
import jakarta.mail.MessagingException;
import jakarta.mail.event.MailEvent;
import jakarta.mail.event.MessageChangedEvent;

import org.eclipse.angus.mail.iap.BadCommandException;
import org.eclipse.angus.mail.iap.CommandFailedException;
import org.eclipse.angus.mail.iap.Response;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.imap.IMAPMessage;
import org.eclipse.angus.mail.imap.MessageVanishedEvent;
import org.eclipse.angus.mail.imap.ResyncData;
import org.eclipse.angus.mail.imap.protocol.IMAPResponse;
import org.eclipse.angus.mail.imap.protocol.UIDSet;
import org.mailsync.mail.HeaderBlock;
import org.mailsync.store.FolderSnapshot;
import org.mailsync.store.MessageMeta;
import org.mailsync.store.StoreException;
import org.mailsync.store.StoredFlags;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Indexes the folders of an {@link ImapStore}: the full index, one FETCH of every message's
 * index items, and the incremental index, which reads only what changed since a snapshot.
 *
 * <p><b>The incremental index</b> rests on two IMAP guarantees: under one UIDVALIDITY a UID
 * names one message for good, and a message's size, internal date and header never change
 * (RFC 3501 sections 2.3.1.1 and 2.3.3), so only flags, expunges and new messages need asking
 * about. It first sends one STATUS (no SELECT), then:
 * <ul>
 * <li>unchanged folder (same UIDVALIDITY, UIDNEXT, MESSAGES and HIGHESTMODSEQ; RFC 7162
 *     section 3.1.1 raises HIGHESTMODSEQ with every change): the snapshot as it is, after
 *     that one STATUS and nothing else;</li>
 * <li>QRESYNC (RFC 7162 section 3.2.5): EXAMINE with the snapshot's UIDVALIDITY and
 *     HIGHESTMODSEQ, which answers with the UIDs expunged since (VANISHED (EARLIER)) and the
 *     flags of every message changed since; then the full items of the new UIDs only;</li>
 * <li>CONDSTORE only (RFC 7162 section 3.1.4): EXAMINE, {@code UID SEARCH} for the UIDs that
 *     exist (ESEARCH's compact form when offered, RFC 4731), {@code UID FETCH 1:* (UID FLAGS)
 *     (CHANGEDSINCE m)} for changed flags, the full items of the UIDs the snapshot lacks;</li>
 * <li>neither (or a folder without mod-sequences): EXAMINE and {@code UID FETCH 1:* (UID FLAGS)},
 *     one cheap round trip telling which UIDs exist and their flags, then the full items of the
 *     UIDs the snapshot lacks. An unchanged STATUS proves nothing about flags here.</li>
 * </ul>
 * A changed UIDVALIDITY, a counter that went backwards, or a snapshot that is not one of ours
 * or fails any check (key form, UID order, stamps) gets the full index. The recorded validity
 * is the STATUS taken <em>before</em> reading, so a change made while indexing is at worst
 * read again next time, never missed.
 */
final class ImapFolderIndexer {

    private static final Logger LOG = LoggerFactory.getLogger(ImapStore.class);

    /** The header fields every store must provide for identities (see {@link MessageMeta}). */
    static final List<String> HEADER_FIELDS = HeaderBlock.ESSENTIAL_FIELDS;

    /** The single FETCH of an index: RFC 3501 section 6.4.5, all items in one round trip. */
    static final String INDEX_ITEMS = "UID FLAGS RFC822.SIZE INTERNALDATE BODY.PEEK[HEADER.FIELDS ("
            + String.join(" ", HEADER_FIELDS) + ")]";

    /** The result of {@code UID SEARCH RETURN (ALL)}: {@code * ESEARCH (TAG "x") UID ALL 1:3,5} (RFC 4731 section 3.1). */
    private static final Pattern ESEARCH_ALL = Pattern.compile("\\bALL\\s+([0-9:,]+)", Pattern.CASE_INSENSITIVE);

    private final ImapConnection conn;

    ImapFolderIndexer(ImapConnection conn) {
        this.conn = conn;
    }

    /** The full index of a folder, as {@link org.mailsync.store.MailStore#index(String)}. */
    List<MessageMeta> index(String folder) throws StoreException {
        return conn.run("indexing " + folder, true, () -> fetchAll(conn.select(folder, Folder.READ_ONLY), folder));
    }

    /** The incremental index, as {@link org.mailsync.store.MailStore#index(String, FolderSnapshot)}. */
    FolderSnapshot index(String folder, FolderSnapshot previous) throws StoreException {
        return conn.run("indexing " + folder, true, () -> reindex(folder, previous));
    }

    /**
     * The folder's fingerprint ({@link org.mailsync.store.MailStore#fingerprint}): its STATUS,
     * but only where the server keeps mod-sequences, since only HIGHESTMODSEQ moves when a flag
     * changes. Null without CONDSTORE, or when STATUS is refused (the index then tells why).
     * The STATUS is kept for an index of the same folder that follows at once, so a folder that
     * did change costs one STATUS, not two.
     */
    String fingerprint(String folder) throws StoreException {
        Observed seen = conn.run("asking for the status of " + folder, true, () -> status(folder));
        if (seen == null || !seen.status().hasModSeq()) {
            return null;
        }
        justSeen = new JustSeen(folder, seen);
        return seen.status().validity();
    }

    /** Whether STATUS counts no message in the folder; an EXAMINE tells when STATUS is refused. */
    boolean isEmpty(String folder) throws StoreException {
        Observed seen = conn.run("asking for the status of " + folder, true, () -> status(folder));
        if (seen == null) {
            return index(folder).isEmpty(); // throws FolderNotFoundException for a missing folder
        }
        return seen.status().messages() == 0;
    }

    /** A STATUS taken by {@link #fingerprint} and not used yet. */
    private record JustSeen(String folder, Observed seen) {
    }

    private JustSeen justSeen;

    /** The STATUS {@link #fingerprint} just took of this folder (once), else a new one. */
    private Observed statusOnce(String folder) throws MessagingException {
        JustSeen kept = justSeen;
        justSeen = null;
        // Using it is as if the folder changed right after this index's own STATUS: the next
        // sync sees that change.
        return kept != null && kept.folder().equals(folder) ? kept.seen() : status(folder);
    }

    /** What one STATUS found, with the capabilities that decide how to catch up. */
    private record Observed(MailboxStatus status, boolean qresync, boolean condstore, boolean esearch) {
    }

    private FolderSnapshot reindex(String folder, FolderSnapshot previous) throws MessagingException, StoreException {
        Observed seen = statusOnce(folder);
        MailboxStatus now = seen == null ? null : seen.status();
        if (now == null) {
            // STATUS refused: no such folder, a \Noselect name, or a server's reason of its own.
            // The full index's EXAMINE tells which, and throws FolderNotFoundException for the first two.
            return full(folder, null);
        }
        Previous prev = Previous.of(previous);
        if (prev == null || prev.status.uidValidity() != now.uidValidity() || movedBackwards(prev.status, now)) {
            return full(folder, now);
        }
        boolean modSeqs = now.hasModSeq() && prev.status.hasModSeq();
        if (modSeqs && now.equals(prev.status) && prev.uids.length == now.messages()) {
            return previous;
        }
        if (modSeqs && seen.qresync()) {
            return qresync(folder, now, prev);
        }
        if (modSeqs && seen.condstore()) {
            return condstore(folder, now, prev, seen.esearch());
        }
        return flagsOnly(folder, now, prev);
    }

    /**
     * STATUS (RFC 3501 section 6.3.10) with HIGHESTMODSEQ when the server has CONDSTORE (RFC
     * 7162 section 3.1.2.3; QRESYNC implies it, section 3.2.3); null when the server refuses.
     */
    private Observed status(String folder) throws MessagingException {
        return conn.besideSelection(folder, p -> {
            boolean qresync = p.hasCapability("QRESYNC") && p.hasCapability("ENABLE");
            boolean condstore = p.hasCapability("CONDSTORE") || p.hasCapability("QRESYNC");
            try {
                MailboxStatus s = MailboxStatus.of(p.status(folder, MailboxStatus.items(condstore)));
                return s == null ? null : new Observed(s, qresync, condstore, p.hasCapability("ESEARCH"));
            } catch (CommandFailedException | BadCommandException e) {
                return null;
            }
        });
    }

    /** A server restored from a backup can count backwards; nothing of an earlier snapshot is trusted then. */
    private static boolean movedBackwards(MailboxStatus before, MailboxStatus now) {
        return now.uidNext() < before.uidNext()
                || (before.hasModSeq() && now.hasModSeq() && now.highestModSeq() < before.highestModSeq());
    }

    // ------------------------------------------------------------------ the paths

    /** Today's index, recorded with the STATUS taken before it when that was of the same folder incarnation. */
    private FolderSnapshot full(String folder, MailboxStatus now) throws MessagingException, StoreException {
        VanishedAwareFolder f = conn.select(folder, Folder.READ_ONLY);
        return snapshot(f, now, fetchAll(f, folder));
    }

    private FolderSnapshot qresync(String folder, MailboxStatus now, Previous prev) throws MessagingException, StoreException {
        // RFC 7162 section 3.2.5.1: EXAMINE mailbox (QRESYNC (uidvalidity modseq)) answers with
        // VANISHED (EARLIER) for the UIDs expunged since modseq and a FETCH (UID FLAGS MODSEQ)
        // for every message whose metadata changed since; Angus returns them as events.
        ImapConnection.Resynced r = conn.examine(folder, new ResyncData(prev.status.uidValidity(), prev.status.highestModSeq()));
        VanishedAwareFolder f = r.folder();
        int count = f.messagesNow(); // the EXISTS of the EXAMINE
        if (f.getUIDValidity() != prev.status.uidValidity()) {
            // Recreated between STATUS and EXAMINE; the server then ignores the QRESYNC data (section 3.2.5.2).
            return snapshot(f, now, fetchAll(f, folder));
        }
        TreeMap<Long, MessageMeta> byUid = prev.byUid();
        for (MailEvent event : r.events()) {
            if (event instanceof MessageVanishedEvent vanished) {
                for (long uid : vanished.getUIDs()) {
                    byUid.remove(uid);
                }
            } else if (event instanceof MessageChangedEvent changed && changed.getMessage() instanceof IMAPMessage m) {
                long uid = f.getUID(m); // known from the FETCH itself: QRESYNC makes servers send UID (section 3.2.5.1)
                MessageMeta old = byUid.get(uid);
                if (old != null) {
                    byUid.put(uid, withFlags(old, ImapFlags.stored(m.getFlags())));
                }
            }
        }
        // Every UID below both the snapshot's UIDNEXT and past its last entry was known to it;
        // newer ones are read in full. The EXAMINE's UIDNEXT bounds the range to what existed then.
        long from = Math.max(prev.status.uidNext(), prev.lastUid() + 1);
        long next = f.getUIDNext();
        if (next <= 0 || next > from) {
            String range = from + ":" + (next > 0 ? Long.toString(next - 1) : "*");
            fetchItems(f, range, uid -> uid >= from, byUid);
        }
        if (byUid.size() != count) {
            // Only a snapshot that was wrong to begin with (or a server's odd report) gets here.
            LOG.debug("{}: incremental index of {} found {} messages where the server has {}; reading all",
                    conn.name(), folder, byUid.size(), count);
            // Opened afresh if another client's expunge arrived with the UID FETCH and put it out of step.
            VanishedAwareFolder again = conn.select(folder, Folder.READ_ONLY);
            return snapshot(again, now, fetchAll(again, folder));
        }
        return snapshot(f, now, byUid.values());
    }

    private FolderSnapshot condstore(String folder, MailboxStatus now, Previous prev, boolean esearch)
            throws MessagingException, StoreException {
        VanishedAwareFolder f = conn.select(folder, Folder.READ_ONLY);
        if (f.getUIDValidity() != prev.status.uidValidity()) {
            return snapshot(f, now, fetchAll(f, folder));
        }
        if (f.messagesNow() == 0) {
            return snapshot(f, now, List.of());
        }
        long[] uids = searchAll(f, esearch);
        // RFC 7162 section 3.1.4.1: only the messages whose mod-sequence is above the snapshot's.
        Map<Long, StoredFlags> changed = flags(f, "UID FETCH 1:* (UID FLAGS) (CHANGEDSINCE " + prev.status.highestModSeq() + ")");
        return snapshot(f, now, merge(f, uids, changed, prev));
    }

    private FolderSnapshot flagsOnly(String folder, MailboxStatus now, Previous prev) throws MessagingException, StoreException {
        VanishedAwareFolder f = conn.select(folder, Folder.READ_ONLY);
        if (f.getUIDValidity() != prev.status.uidValidity()) {
            return snapshot(f, now, fetchAll(f, folder));
        }
        if (f.messagesNow() == 0) {
            return snapshot(f, now, List.of());
        }
        // One round trip of about 40 bytes a message: which UIDs exist, and their flags.
        TreeMap<Long, StoredFlags> all = flags(f, "UID FETCH 1:* (UID FLAGS)");
        long[] uids = all.keySet().stream().mapToLong(Long::longValue).toArray();
        return snapshot(f, now, merge(f, uids, all, prev));
    }

    /**
     * The messages of {@code uids} (ascending): the snapshot's entry with the flags of
     * {@code flags} where it has one, the full items read for the UIDs it lacks.
     */
    private Collection<MessageMeta> merge(IMAPFolder f, long[] uids, Map<Long, StoredFlags> flags, Previous prev)
            throws MessagingException {
        TreeMap<Long, MessageMeta> byUid = prev.byUid();
        TreeMap<Long, MessageMeta> out = new TreeMap<>();
        List<Long> missing = new ArrayList<>();
        for (long uid : uids) {
            MessageMeta old = byUid.get(uid);
            if (old == null) {
                missing.add(uid);
                continue;
            }
            StoredFlags now = flags.get(uid);
            out.put(uid, now == null || now.equals(StoredFlags.of(old)) ? old : withFlags(old, now));
        }
        if (!missing.isEmpty()) {
            long[] sorted = missing.stream().mapToLong(Long::longValue).toArray();
            Set<Long> wanted = new HashSet<>(missing);
            // A UID expunged meanwhile simply does not come back: it is gone.
            fetchItems(f, ImapKey.uidSet(sorted), wanted::contains, out);
        }
        return out.values();
    }

    // ------------------------------------------------------------------ commands

    /** Today's full index of an open folder: one FETCH of every message's index items. */
    List<MessageMeta> fetchAll(VanishedAwareFolder f, String folder) throws MessagingException, StoreException {
        long uidValidity = f.getUIDValidity();
        int count = f.messagesNow();
        if (count == 0) {
            return List.of();
        }
        Response[] responses = ImapConnection.command(f, p -> ImapConnection.raw(p, "FETCH 1:" + count + " (" + INDEX_ITEMS + ")"));
        List<MessageMeta> out = new ArrayList<>(count);
        for (var e : FetchedMessage.bySequence(responses).entrySet()) {
            if (!e.getValue().complete()) {
                throw new StoreException(conn.name() + ": the server sent no UID or header for message " + e.getKey() + " of " + folder);
            }
            out.add(e.getValue().meta(uidValidity));
        }
        return out;
    }

    /** The full index items of a UID set, those whose UID {@code wanted} accepts, added to {@code into}. */
    private void fetchItems(IMAPFolder f, String uidSet, java.util.function.LongPredicate wanted, Map<Long, MessageMeta> into)
            throws MessagingException {
        long uidValidity = f.getUIDValidity();
        Response[] responses = ImapConnection.command(f, p -> ImapConnection.raw(p, "UID FETCH " + uidSet + " (" + INDEX_ITEMS + ")"));
        for (FetchedMessage m : FetchedMessage.bySequence(responses).values()) {
            // Unsolicited FETCHes (another client's flag change) carry no header and are skipped;
            // "n:*" also answers the last message when n is past it (RFC 3501 section 6.4.8).
            if (m.complete() && wanted.test(m.uid)) {
                into.put(m.uid, m.meta(uidValidity));
            }
        }
    }

    /** The flags and keywords the FETCH reported, by UID. */
    private static TreeMap<Long, StoredFlags> flags(IMAPFolder f, String command) throws MessagingException {
        Response[] responses = ImapConnection.command(f, p -> ImapConnection.raw(p, command));
        TreeMap<Long, StoredFlags> out = new TreeMap<>();
        for (FetchedMessage m : FetchedMessage.bySequence(responses).values()) {
            if (m.uid > 0 && m.flags != null) {
                out.put(m.uid, m.flags);
            }
        }
        return out;
    }

    /** Every UID of the selected folder, ascending: {@code UID SEARCH ALL} (RFC 3501 section 6.4.4) or its ESEARCH form. */
    private static long[] searchAll(IMAPFolder f, boolean esearch) throws MessagingException {
        String command = esearch ? "UID SEARCH RETURN (ALL) ALL" : "UID SEARCH ALL";
        Response[] responses = ImapConnection.command(f, p -> ImapConnection.raw(p, command));
        List<Long> uids = new ArrayList<>();
        for (Response r : responses) {
            if (!(r instanceof IMAPResponse ir)) {
                continue;
            }
            if (ir.keyEquals("ESEARCH")) {
                Matcher m = ESEARCH_ALL.matcher(ir.toString());
                if (m.find()) {
                    for (long uid : UIDSet.toArray(UIDSet.parseUIDSets(m.group(1)))) {
                        uids.add(uid);
                    }
                }
            } else if (ir.keyEquals("SEARCH")) {
                String line = ir.toString();
                String rest = line.substring(line.toUpperCase(java.util.Locale.ROOT).indexOf("SEARCH") + "SEARCH".length()).trim();
                for (String word : rest.isEmpty() ? new String[0] : rest.split("\\s+")) {
                    uids.add(Long.parseLong(word));
                }
            }
        }
        long[] out = uids.stream().mapToLong(Long::longValue).distinct().toArray();
        Arrays.sort(out);
        return out;
    }

    // ------------------------------------------------------------------ snapshots

    private static MessageMeta withFlags(MessageMeta old, StoredFlags flags) {
        return new MessageMeta(old.key(), old.size(), flags.flags(), old.internalDate(), old.header(), flags.keywords());
    }

    /**
     * The snapshot of an index read from an open folder. Each entry's stamp is the UIDVALIDITY
     * its key holds; the validity is the STATUS taken before reading, unless the folder the
     * index came from is another incarnation than the one STATUS saw, and then there is none.
     */
    private static FolderSnapshot snapshot(IMAPFolder f, MailboxStatus now, Collection<MessageMeta> metas) throws MessagingException {
        long uidValidity = f.getUIDValidity();
        String stamp = Long.toString(uidValidity);
        List<FolderSnapshot.Entry> entries = new ArrayList<>(metas.size());
        for (MessageMeta m : metas) {
            entries.add(new FolderSnapshot.Entry(m, stamp));
        }
        return new FolderSnapshot(now != null && now.uidValidity() == uidValidity ? now.validity() : null, entries);
    }

    /**
     * A snapshot that passed every check this store can make without asking the server: our
     * validity, keys of that UIDVALIDITY in strictly ascending UID order, stamps that repeat it.
     */
    private record Previous(MailboxStatus status, List<FolderSnapshot.Entry> entries, long[] uids) {

        static Previous of(FolderSnapshot s) {
            if (s == null) {
                return null;
            }
            MailboxStatus status = MailboxStatus.parse(s.validity());
            if (status == null) {
                return null;
            }
            String stamp = Long.toString(status.uidValidity());
            long[] uids = new long[s.entries().size()];
            long last = 0;
            int i = 0;
            for (FolderSnapshot.Entry e : s.entries()) {
                ImapKey k = ImapKey.parse(e.meta().key());
                if (k == null || k.uidValidity() != status.uidValidity() || k.uid() <= last || !stamp.equals(e.stamp())) {
                    return null;
                }
                uids[i++] = last = k.uid();
            }
            return new Previous(status, s.entries(), uids);
        }

        long lastUid() {
            return uids.length == 0 ? 0 : uids[uids.length - 1];
        }

        TreeMap<Long, MessageMeta> byUid() {
            TreeMap<Long, MessageMeta> out = new TreeMap<>();
            for (int i = 0; i < uids.length; i++) {
                out.put(uids[i], entries.get(i).meta());
            }
            return out;
        }
    }
}
