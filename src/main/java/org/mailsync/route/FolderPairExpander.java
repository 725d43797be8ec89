package org.mailsync.route;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.apache.camel.ExchangeProperty;
import org.mailsync.camel.MailsyncConstants;
import org.mailsync.job.DiffJob;
import org.mailsync.job.StoreSide;
import org.mailsync.job.SyncJob;
import org.mailsync.msinfo.MsinfoException;
import org.mailsync.report.SyncReport;
import org.mailsync.store.FolderInfo;
import org.mailsync.store.FolderNotFoundException;
import org.mailsync.store.StoreException;
import org.mailsync.store.local.LocalFolderNames;
import org.mailsync.sync.Side;
import org.mailsync.trash.SideTrash;

/**
 * Expands a channel's two store patterns into its folder pairs: every selectable folder of
 * either store, paired by boxname. Two things are refused here, before anything is read or
 * changed:
 * <ul>
 *   <li>a folder whose boxname a store would resolve into another name ({@code a/../b},
 *       {@code ./x}, see {@link StoreSide#refusal}; {@code a/b} on a server whose delimiter is
 *       {@code .}; {@code a.b} of a local store for such a server, see
 *       {@link StoreSide#refusalAsFolder}): warned about and skipped, never normalized, so that
 *       no two folders' mail can mix;</li>
 *   <li>a store none of whose synced folders is left while msinfo remembers some: an error,
 *       never "everything was deleted", since an unmounted disk or a wrong server must not
 *       empty the other side. INBOX, which an IMAP server cannot delete and lists even in an
 *       account that has nothing, counts as gone when it holds no message.</li>
 * </ul>
 */
public class FolderPairExpander {

    private static final String INBOX = "INBOX";

    /** The folder pairs of the job's channel, in boxname order. */
    public List<FolderPair> expand(@ExchangeProperty(MailsyncConstants.JOB) SyncJob job) throws StoreException, MsinfoException {
        Set<String> trashBoxes = new TreeSet<>();
        Map<String, String> onA = folders(job.a(), job.report(), trashOf(job, Side.A), trashBoxes);
        Map<String, String> onB = folders(job.b(), job.report(), trashOf(job, Side.B), trashBoxes);
        // A trash is left out on both sides: a local "Trash" paired with it would be copied into it.
        onA.keySet().removeAll(trashBoxes);
        onB.keySet().removeAll(trashBoxes);
        Set<String> synced = job.state().boxnames(job.channel());
        if (job.specialUse()) {
            SpecialUsePairing.pair(job.a(), onA, job.b(), onB, synced, job.report());
        }
        refuseGone(job.a(), onA, synced);
        refuseGone(job.b(), onB, synced);
        Set<String> boxnames = new TreeSet<>(onA.keySet());
        boxnames.addAll(onB.keySet());
        List<FolderPair> pairs = new ArrayList<>();
        for (String box : boxnames) {
            if (refusedAsFolder(job, box, onA, onB)) {
                continue;
            }
            String folderA = onA.getOrDefault(box, job.a().folderName(box));
            String folderB = onB.getOrDefault(box, job.b().folderName(box));
            pairs.add(new FolderPair(box, folderA, folderB, onA.containsKey(box), onB.containsKey(box)));
        }
        return pairs;
    }

    /** The one side's folders for diff mode, as pairs with only that side present. */
    public List<FolderPair> expandOne(@ExchangeProperty(MailsyncConstants.JOB) DiffJob job) throws StoreException, MsinfoException {
        StoreSide side = job.store();
        Map<String, String> folders = folders(side, job.report(), null, new TreeSet<>());
        refuseGone(side, folders, job.state().boxnames(job.channel()));
        List<FolderPair> pairs = new ArrayList<>();
        for (Map.Entry<String, String> e : folders.entrySet()) {
            boolean a = job.side() == org.mailsync.sync.Side.A;
            pairs.add(new FolderPair(e.getKey(), a ? e.getValue() : null, a ? null : e.getValue(), a, !a));
        }
        return pairs;
    }

    /** The side's trash when its deletions go there (its folder is then not synced), else null. */
    private static SideTrash trashOf(SyncJob job, Side side) {
        return job.trash().keeps(side) ? job.trash().side(side) : null;
    }

    /**
     * The side's selectable folders by boxname; a folder whose boxname is refused is warned
     * about and left out, and so is the side's trash folder unless the pattern names it
     * literally (a pattern with {@code *} or {@code %} would otherwise sync the trash, and
     * every deletion would come back as new mail on the other side); its boxname goes into
     * {@code trashBoxes}.
     */
    private static Map<String, String> folders(StoreSide side, SyncReport report, SideTrash trash, Set<String> trashBoxes)
            throws StoreException {
        Map<String, String> byBox = new TreeMap<>();
        boolean wildcards = side.pattern().indexOf('*') >= 0 || side.pattern().indexOf('%') >= 0;
        for (FolderInfo info : side.store().listFolders(side.pattern())) {
            if (!info.selectable()) {
                continue;
            }
            if (trash != null && wildcards && trash.isTrash(side.store(), info.name())) {
                String box = side.boxname(info.name());
                if (box != null) {
                    trashBoxes.add(box);
                }
                continue;
            }
            String box = side.boxname(info.name());
            if (box == null || box.isEmpty()) {
                continue;
            }
            String refusal = side.refusal(info.name(), box);
            if (refusal != null) {
                report.warning(refusedName(side, info.name(), box, refusal));
                report.problem(); // a folder left unsynced: the run is incomplete (exit 2)
                continue;
            }
            String previous = byBox.putIfAbsent(box, info.name());
            if (previous != null) {
                throw new StoreException("store " + side.name() + ": folders \"" + previous + "\" and \"" + info.name()
                        + "\" both have the boxname \"" + box + "\"; rename one of them");
            }
        }
        return byBox;
    }

    /**
     * Whether a boxname is refused because one store cannot hold it under a name that gives the
     * same boxname back ({@link StoreSide#refusalAsFolder}): warned about, by the folder that
     * has it, and skipped like any other refused name.
     */
    private static boolean refusedAsFolder(SyncJob job, String box, Map<String, String> onA, Map<String, String> onB) {
        for (StoreSide there : List.of(job.a(), job.b())) {
            String refusal = there.refusalAsFolder(box);
            if (refusal != null) {
                StoreSide listing = onA.containsKey(box) ? job.a() : job.b();
                String folder = onA.containsKey(box) ? onA.get(box) : onB.get(box);
                job.report().warning(refusedName(listing, folder, box, refusal));
                job.report().problem(); // a folder left unsynced: the run is incomplete (exit 2)
                return true;
            }
        }
        return false;
    }

    private static String refusedName(StoreSide side, String folder, String box, String refusal) {
        // The boxname is shown only where it is not simply the name after the prefix, i.e.
        // where the store's delimiter made it differ ("a....b" on a server with "." is "a////b").
        String rest = folder.substring(Math.min(side.prefix().length(), folder.length()));
        String boxnameNote = box.equals(rest) ? "" : " (boxname \"" + box + "\")";
        return "store " + side.name() + ": folder \"" + LocalFolderNames.shown(folder) + "\" skipped: its name" + boxnameNote
                + " " + refusal + "; such a name is refused, never rewritten into another folder's (rename the folder to sync it)";
    }

    /**
     * Refuses a store none of whose synced folders is left. Only msinfo's folders count: a
     * store that now shows only folders never synced (a wrong account, or a server that lost
     * everything and made its default folders anew) is just as gone. INBOX is special, as an
     * IMAP server cannot delete it (RFC 3501 section 6.3.4) and lists it in an emptied
     * account: when it is the only synced folder left, it is read, and an empty INBOX counts
     * as gone. It is read only then, so a store that is there costs no extra read. A channel
     * of INBOX alone is never refused for an empty INBOX: nothing else could have vanished,
     * and whether that INBOX was emptied is for the pair to decide.
     */
    private static void refuseGone(StoreSide side, Map<String, String> folders, Set<String> synced) throws StoreException {
        if (synced.isEmpty()) {
            return; // never synced: nothing can have vanished
        }
        if (folders.isEmpty()) {
            throw gone(side, "pattern \"" + side.pattern() + "\" matches no folder, but " + synced.size()
                    + (synced.size() == 1 ? " folder was" : " folders were") + " synced before");
        }
        boolean inboxLeft = false;
        for (String box : synced) {
            if (folders.containsKey(box)) {
                if (!box.equals(INBOX)) {
                    return; // a synced folder other than INBOX is there: so is the store
                }
                inboxLeft = true;
            }
        }
        if (inboxLeft && (synced.size() == 1 || holdsMail(side, folders.get(INBOX)))) {
            return;
        }
        if (synced.size() == 1) {
            throw gone(side, "the one folder synced before, \"" + synced.iterator().next() + "\", is not there any more");
        }
        throw gone(side, "none of the " + synced.size() + " folders synced before is left"
                + (inboxLeft ? " (only INBOX is, and INBOX is empty)" : ""));
    }

    private static boolean holdsMail(StoreSide side, String inbox) throws StoreException {
        try {
            return !side.store().index(inbox).isEmpty();
        } catch (FolderNotFoundException e) {
            return false; // listed a moment ago, gone now: no evidence of a store that is there
        }
    }

    private static StoreException gone(StoreSide side, String why) {
        return new StoreException("store " + side.name() + " seems gone or emptied: " + why
                + "; refusing to sync it as if its mail had been deleted (is it mounted, or the server right?)");
    }
}
