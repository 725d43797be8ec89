package org.mailsync.trash;

import java.io.IOException;
import java.io.InputStream;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.mailsync.msinfo.DeletionRecord;
import org.mailsync.msinfo.MsinfoException;
import org.mailsync.msinfo.SyncState;
import org.mailsync.report.SyncReport;
import org.mailsync.store.MailStore;
import org.mailsync.store.MessageMeta;
import org.mailsync.store.StoreException;
import org.mailsync.sync.Side;

/**
 * {@code mailsync undo}: puts logged deletions back into the folders they were deleted from,
 * with their flags, keywords and internal date, and drops them from the log. They are not put
 * back into msinfo, so the next sync copies them to the other side as new mail.
 *
 * <p>Per message, in this order: appended to its folder (a kill leaves it in the trash, or in
 * both); its log row dropped; then removed from the trash (a kill before leaves a copy in the
 * trash that no row names: never a row naming a message that is not there).
 */
public final class DeletionRestorer {

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);

    private final ChannelTrash trash;
    private final SyncState state;
    private final SyncReport report;
    private final MailStore storeA;
    private final MailStore storeB;
    private final String nameA;
    private final String nameB;
    /** The keys each trash folder held when first looked at, by side and folder. */
    private final Map<String, Set<String>> trashKeys = new HashMap<>();

    /**
     * @param storeA side A's store and {@code nameA} its name; likewise B
     */
    public DeletionRestorer(ChannelTrash trash, SyncState state, SyncReport report, MailStore storeA, String nameA,
                            MailStore storeB, String nameB) {
        this.trash = trash;
        this.state = state;
        this.report = report;
        this.storeA = storeA;
        this.storeB = storeB;
        this.nameA = nameA;
        this.nameB = nameB;
    }

    /**
     * Restores (or with {@code listOnly} only lists) the records, folder by folder; a message
     * that cannot be restored is an error line and makes the run incomplete (exit 2).
     */
    public void restore(List<DeletionRecord> records, boolean listOnly) throws MsinfoException {
        if (records.isEmpty()) {
            report.line("Nothing to restore: no deletion of this channel is in its trash log.");
            return;
        }
        long runs = records.stream().map(DeletionRecord::runId).distinct().count();
        report.line(count(records.size()) + " deleted by " + (runs == 1 ? "the run of " : runs + " runs since ")
                + WHEN.format(records.get(0).runAt()) + (listOnly ? " would be restored." : ":"));
        Map<String, List<DeletionRecord>> byFolder = new LinkedHashMap<>();
        for (DeletionRecord r : records) {
            byFolder.computeIfAbsent(r.boxname() + "\n" + r.side(), k -> new ArrayList<>()).add(r);
        }
        for (List<DeletionRecord> folder : byFolder.values()) {
            DeletionRecord first = folder.get(0);
            String store = first.side() == Side.A ? nameA : nameB;
            int restored = 0;
            List<String> identities = new ArrayList<>(); // for the RunReport (--json)
            for (DeletionRecord r : folder) {
                if (listOnly) {
                    report.line("  restore    " + arrow(r.side()) + "  " + r.identity() + "  " + r.flags() + "  deleted "
                            + WHEN.format(r.runAt()));
                    identities.add(r.identity());
                } else if (restoreOne(r, store)) {
                    restored++;
                    identities.add(r.identity());
                }
            }
            report.restored(first.boxname(), store, identities);
            report.line(first.boxname() + ": " + (listOnly ? folder.size() + " to restore on " : restored + " restored on ")
                    + store + ".");
        }
    }

    private boolean restoreOne(DeletionRecord r, String storeName) throws MsinfoException {
        String what = r.boxname() + ": " + r.identity() + " cannot be restored on " + storeName + ": ";
        if (r.trashKey() == null) {
            report.error(what + "the server did not say where in " + r.trashFolder() + " it went (no UIDPLUS);"
                    + " move it back from there by hand");
            report.problem();
            return false;
        }
        MailStore store = r.side() == Side.A ? storeA : storeB;
        SideTrash bin = trash.side(r.side());
        try {
            MailStore binStore = bin == null ? store : bin.store(store);
            if (!store.exists(r.storeFolder())) {
                store.createFolder(r.storeFolder());
            }
            if (!inTrash(binStore, r)) {
                // Emptied by hand, or by the server's own expiry: the row would only claim what is gone.
                state.forgetDeletions(List.of(r.id()));
                report.error(what + "it is no longer in " + r.trashFolder() + " (the trash was emptied)");
                report.problem();
                return false;
            }
            try (InputStream in = binStore.open(r.trashFolder(), r.trashKey())) {
                store.append(r.storeFolder(), in, r.flags().flags(), r.flags().keywords(), r.internalDate());
            }
            state.forgetDeletions(List.of(r.id()));
            try {
                binStore.delete(r.trashFolder(), List.of(r.trashKey()));
            } catch (StoreException e) {
                report.warning(r.boxname() + ": " + r.identity() + " restored, but its copy stays in the trash: " + e.getMessage());
            }
            return true;
        } catch (StoreException | IOException e) {
            report.error(what + e.getMessage());
            report.problem();
            return false;
        }
    }

    /** Whether the record's message is still in its trash folder; each trash folder is indexed once per undo. */
    private boolean inTrash(MailStore binStore, DeletionRecord r) throws StoreException {
        String folder = r.side() + "\n" + r.trashFolder();
        Set<String> keys = trashKeys.get(folder);
        if (keys == null) {
            keys = new HashSet<>();
            if (binStore.exists(r.trashFolder())) {
                for (MessageMeta m : binStore.index(r.trashFolder())) {
                    keys.add(m.key());
                }
            }
            trashKeys.put(folder, keys);
        }
        return keys.contains(r.trashKey());
    }

    private static String arrow(Side side) {
        return side == Side.A ? "<" : ">";
    }

    private static String count(int n) {
        return n + (n == 1 ? " message" : " messages");
    }
}
