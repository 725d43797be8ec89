package org.mailsync.migrate;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.camel.ExchangeProperty;
import org.mailsync.camel.MailsyncConstants;
import org.mailsync.job.MigrateJob;
import org.mailsync.route.FolderPair;
import org.mailsync.store.MailStore;
import org.mailsync.store.MessageMeta;
import org.mailsync.store.StoreException;

/**
 * The end of {@code direct:migrate-folder}: verifies that the target folder holds every
 * message of the source folder, and prints one line for the folder. The target folder is
 * indexed again, and every source message must match a target message of the same content
 * digest, copy for copy (so the count is checked with the content): the target may hold more,
 * never less. A digest is read from the message unless this run or the state already read it
 * from the same message (same key, size and internal date); {@code --verify-only} reads every
 * message afresh. Messages the copy appended are always read back from the target.
 */
public class MigrateVerifier {

    /** Verifies the folder and prints its line; a folder the target does not hold completely counts as a problem (exit 2). */
    public void verify(@ExchangeProperty(MailsyncConstants.JOB) MigrateJob job,
                       @ExchangeProperty(MailsyncConstants.PAIR) FolderPair pair,
                       @ExchangeProperty(MigrateFolders.FOLDER) MigratingFolder folder,
                       @ExchangeProperty(MigrateFolders.TALLY) MigrateTally tally) throws StoreException, IOException {
        job.report().progress().pairEnded(pair.boxname()); // the copies are done: the bar goes before the folder's line
        MigrateFolders.notLost(tally);
        MigrateState state = job.state();
        MailStore target = job.target().store();
        MailStore source = job.source().store();
        List<MessageMeta> targetMetas = target.exists(pair.folderB()) ? Digests.slim(target.index(pair.folderB())) : List.of();
        java.util.Set<String> sourceIds = new java.util.HashSet<>();
        for (SourceMessage message : folder.messages()) {
            sourceIds.add(message.messageId());
        }
        Map<String, Integer> pool = new HashMap<>();
        for (MessageMeta m : targetMetas) {
            if (!sourceIds.contains(Digests.messageId(m))) {
                continue; // cannot hold the content of any source message (same content, same Message-ID)
            }
            String digest = Digests.of(target, pair.folderB(), m, folder.targetDigests(), state, MigrateState.Role.TARGET);
            pool.merge(digest, 1, Integer::sum);
        }
        Map<String, MigrateState.CachedDigest> sourceCache = job.verifyOnly() ? Map.of()
                : state.digests(MigrateState.Role.SOURCE, pair.folderA());
        List<String> missing = new ArrayList<>();
        for (SourceMessage message : folder.messages()) {
            String digest = message.digest();
            if (digest == null) {
                try {
                    digest = Digests.of(source, pair.folderA(), message.meta(), sourceCache, state, MigrateState.Role.SOURCE);
                    message.digest(digest);
                } catch (StoreException e) {
                    job.report().error("folder \"" + pair.boxname() + "\": message " + message.shown()
                            + " cannot be read in the source to verify it: " + e.getMessage());
                    missing.add(message.shown());
                    continue;
                }
            }
            Integer left = pool.get(digest);
            if (left != null && left > 0) {
                pool.put(digest, left - 1);
            } else {
                missing.add(message.shown());
            }
        }
        int total = folder.messages().size();
        int found = total - missing.size();
        String done = job.verifyOnly() ? "" : folder.copiedCount() + " copied, " + folder.alreadyThere() + " already there"
                + (folder.failedCount() > 0 ? ", " + folder.failedCount() + " failed" : "") + "; ";
        if (missing.isEmpty()) {
            job.report().line(pair.boxname() + ": " + done + "verified " + found + "/" + total);
        } else {
            job.report().line(pair.boxname() + ": " + done + "NOT verified: " + found + "/" + total + ", " + missing.size()
                    + " missing in the target");
            job.report().error("folder \"" + pair.boxname() + "\": " + missing.size() + " of " + total
                    + " source messages are not in the target folder \"" + pair.folderB() + "\" (first: " + missing.get(0) + ")");
            job.report().problem();
        }
        tally.folder(missing.isEmpty(), folder.copiedCount());
    }
}
