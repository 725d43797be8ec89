package org.mailsync.route;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import org.apache.camel.ExchangeProperty;
import org.mailsync.camel.MailsyncConstants;
import org.mailsync.job.DiffJob;
import org.mailsync.job.StoreSide;
import org.mailsync.msinfo.MsinfoException;
import org.mailsync.store.StoreException;
import org.mailsync.sync.FolderIndex;
import org.mailsync.sync.IndexedMessage;
import org.mailsync.sync.Side;

/**
 * Diff mode ({@code mailsync channel store}): what changed in one folder of a store since the
 * channel's last sync — new messages, deleted ones, duplicates. Reads only; msinfo is opened
 * read-only.
 */
public class StoreDiffer {

    /** Prints one folder's line. */
    public void diff(@ExchangeProperty(MailsyncConstants.JOB) DiffJob job,
                     @ExchangeProperty(MailsyncConstants.PAIR) FolderPair pair) throws StoreException, MsinfoException {
        StoreSide side = job.store();
        String folder = job.side() == Side.A ? pair.folderA() : pair.folderB();
        // the index cache is read, never written: diff mode changes nothing
        FolderIndex index = FolderPairIndexer.index(side, folder, job.identity(), job.state()).index();
        Set<String> msinfo = job.state().load(job.channel(), pair.boxname());
        job.report().diffBegin(pair.boxname());
        Map<String, Integer> seen = new HashMap<>();
        int duplicates = 0;
        int added = 0;
        for (IndexedMessage m : index.messages()) {
            if (!m.hasIdentity()) {
                continue;
            }
            if (seen.merge(m.identity(), 1, Integer::sum) > 1) {
                duplicates++;
                job.report().diffDuplicate(m.meta());
            } else if (!msinfo.contains(m.identity())) {
                added++;
            }
        }
        Set<String> deleted = new HashSet<>(msinfo);
        deleted.removeAll(seen.keySet());
        job.report().diffLine(pair.boxname(), duplicates, added, deleted.size(), index.messages().size(), side.name());
    }
}
