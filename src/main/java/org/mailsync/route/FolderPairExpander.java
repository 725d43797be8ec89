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
import org.mailsync.store.FolderInfo;
import org.mailsync.store.StoreException;

/**
 * Expands a channel's two store patterns into its folder pairs: every selectable folder of
 * either store, paired by boxname. A store whose pattern matches nothing while msinfo
 * remembers synced folders is an error, never "everything was deleted": an unmounted disk or
 * a wrong server must not empty the other side.
 */
public class FolderPairExpander {

    /** The folder pairs of the job's channel, in boxname order. */
    public List<FolderPair> expand(@ExchangeProperty(MailsyncConstants.JOB) SyncJob job) throws StoreException, MsinfoException {
        Map<String, String> onA = folders(job.a());
        Map<String, String> onB = folders(job.b());
        Set<String> synced = job.state().boxnames(job.channel());
        refuseEmpty(job.a(), onA, synced);
        refuseEmpty(job.b(), onB, synced);
        Set<String> boxnames = new TreeSet<>(onA.keySet());
        boxnames.addAll(onB.keySet());
        List<FolderPair> pairs = new ArrayList<>();
        for (String box : boxnames) {
            String folderA = onA.getOrDefault(box, job.a().folderName(box));
            String folderB = onB.getOrDefault(box, job.b().folderName(box));
            pairs.add(new FolderPair(box, folderA, folderB, onA.containsKey(box), onB.containsKey(box)));
        }
        return pairs;
    }

    /** The one side's folders for diff mode, as pairs with only that side present. */
    public List<FolderPair> expandOne(@ExchangeProperty(MailsyncConstants.JOB) DiffJob job) throws StoreException, MsinfoException {
        StoreSide side = job.store();
        Map<String, String> folders = folders(side);
        refuseEmpty(side, folders, job.state().boxnames(job.channel()));
        List<FolderPair> pairs = new ArrayList<>();
        for (Map.Entry<String, String> e : folders.entrySet()) {
            boolean a = job.side() == org.mailsync.sync.Side.A;
            pairs.add(new FolderPair(e.getKey(), a ? e.getValue() : null, a ? null : e.getValue(), a, !a));
        }
        return pairs;
    }

    private static Map<String, String> folders(StoreSide side) throws StoreException {
        Map<String, String> byBox = new TreeMap<>();
        for (FolderInfo info : side.store().listFolders(side.pattern())) {
            if (!info.selectable()) {
                continue;
            }
            String box = side.boxname(info.name());
            if (box == null || box.isEmpty()) {
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

    private static void refuseEmpty(StoreSide side, Map<String, String> folders, Set<String> synced) throws StoreException {
        if (folders.isEmpty() && !synced.isEmpty()) {
            throw new StoreException("store " + side.name() + ": pattern \"" + side.pattern() + "\" matches no folder, but "
                    + synced.size() + (synced.size() == 1 ? " folder was" : " folders were")
                    + " synced before; refusing to treat the store as emptied (is it mounted, or the server right?)");
        }
    }
}
