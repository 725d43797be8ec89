package org.mailsync.migrate;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.mailsync.camel.MailsyncConstants;
import org.mailsync.job.MigrateJob;
import org.mailsync.job.StoreSide;
import org.mailsync.report.RunReport;
import org.mailsync.route.FolderPair;
import org.mailsync.store.FolderInfo;
import org.mailsync.store.MailStore;
import org.mailsync.store.MessageMeta;
import org.mailsync.store.StoreException;

/**
 * The beans of {@code direct:migrate} and the start of {@code direct:migrate-folder}: which
 * folders to migrate ({@link #begin}), each folder's index of both sides and what the target
 * lacks ({@link #index}), and the run's last line ({@link #end}).
 *
 * <p>Folder names are mapped as a sync pairs them: a source folder's boxname (its name without
 * the source's prefix, levels split at the source's delimiter) becomes the target's folder of
 * that boxname (the target's prefix and delimiter); IMAP's modified UTF-7 names are decoded
 * and encoded by the IMAP store. A name that either store would read as another folder is
 * skipped with a warning (exit 2), never rewritten.
 */
public class MigrateFolders {

    /** The exchange property of the folder in progress, a {@link MigratingFolder}. */
    public static final String FOLDER = "mailsyncMigrateFolder";
    /** The exchange property of the run's totals, a {@link MigrateTally}. */
    public static final String TALLY = "mailsyncMigrateTally";

    /**
     * The headline, and the folders to migrate as the body: every selectable folder of the
     * source's pattern, in boxname order (so a parent folder comes before its children), as a
     * pair of source folder (A) and target folder (B).
     */
    public List<FolderPair> begin(@ExchangeProperty(MailsyncConstants.JOB) MigrateJob job, Exchange exchange)
            throws StoreException {
        exchange.setProperty(TALLY, new MigrateTally());
        job.report().beginMigrate(job.source().name(), job.target().name(), job.verifyOnly());
        StoreSide source = job.source();
        StoreSide target = job.target();
        Map<String, String> byBox = new TreeMap<>();
        for (FolderInfo info : source.store().listFolders(source.pattern())) {
            if (!info.selectable()) {
                continue;
            }
            String box = source.boxname(info.name());
            if (box == null || box.isEmpty()) {
                continue;
            }
            String refusal = source.refusal(info.name(), box);
            if (refusal == null) {
                refusal = target.refusalAsFolder(box);
            }
            if (refusal != null) {
                job.report().warning("store " + source.name() + ": folder \"" + info.name() + "\" skipped: its name " + refusal
                        + "; such a name is refused, never rewritten into another folder's");
                job.report().problem();
                continue;
            }
            String previous = byBox.putIfAbsent(box, info.name());
            if (previous != null) {
                throw new StoreException("store " + source.name() + ": folders \"" + previous + "\" and \"" + info.name()
                        + "\" both have the boxname \"" + box + "\"; rename one of them");
            }
        }
        List<FolderPair> pairs = new ArrayList<>();
        for (Map.Entry<String, String> e : byBox.entrySet()) {
            pairs.add(new FolderPair(e.getKey(), e.getValue(), target.folderName(e.getKey()), true, false));
        }
        if (pairs.isEmpty()) {
            throw new StoreException("store " + source.name() + ": pattern \"" + source.pattern()
                    + "\" matches no folder to migrate");
        }
        exchange.getProperty(TALLY, MigrateTally.class).total(pairs.size());
        return pairs;
    }

    /**
     * Indexes a folder on both sides (the target's folder is created if missing, but for
     * {@code --verify-only}) and tells which source messages the target already holds: those
     * with the content digest of a target message, copy for copy, so two identical source
     * messages need two target copies. A source message is read for that only when the target
     * has a message with its Message-ID (same content means same Message-ID) and the state
     * has no digest of it; the target's messages are digested (from the state where it can)
     * only when a source message has their Message-ID. Only the header fields identities use
     * are kept of each message, so a large folder costs little memory.
     */
    public MigratingFolder index(@ExchangeProperty(MailsyncConstants.JOB) MigrateJob job,
                                 @ExchangeProperty(MailsyncConstants.PAIR) FolderPair pair,
                                 @ExchangeProperty(TALLY) MigrateTally tally)
            throws StoreException, IOException {
        notLost(tally);
        MigrateState state = job.state();
        boolean fresh = job.verifyOnly(); // --verify-only trusts no remembered digest
        MailStore source = job.source().store();
        MailStore target = job.target().store();
        List<MessageMeta> sourceMetas = Digests.slim(source.index(pair.folderA()));
        Set<String> sourceIds = Digests.messageIds(sourceMetas);
        List<MessageMeta> targetMetas;
        if (target.exists(pair.folderB())) {
            targetMetas = Digests.slim(target.index(pair.folderB()));
        } else {
            if (!job.verifyOnly()) {
                target.createFolder(pair.folderB());
            }
            targetMetas = List.of();
        }
        Map<String, MigrateState.CachedDigest> targetCache = fresh ? Map.of()
                : state.digests(MigrateState.Role.TARGET, pair.folderB());
        Map<String, MigrateState.CachedDigest> targetDigests = new HashMap<>();
        Map<String, Integer> pool = new HashMap<>();
        Set<String> targetIds = new HashSet<>();
        for (MessageMeta m : targetMetas) {
            if (!sourceIds.contains(Digests.messageId(m))) {
                continue; // no source message has its Message-ID, so none can have its content: not read
            }
            String digest = Digests.of(target, pair.folderB(), m, targetCache, state, MigrateState.Role.TARGET);
            targetDigests.put(m.key(), new MigrateState.CachedDigest(m.size(), MigrateState.millis(m.internalDate()), digest));
            pool.merge(digest, 1, Integer::sum);
            targetIds.add(Digests.messageId(m));
        }
        Map<String, MigrateState.CachedDigest> sourceCache = fresh ? Map.of()
                : state.digests(MigrateState.Role.SOURCE, pair.folderA());
        List<SourceMessage> messages = new ArrayList<>(sourceMetas.size());
        for (MessageMeta m : sourceMetas) {
            SourceMessage message = new SourceMessage(m, Digests.messageId(m));
            MigrateState.CachedDigest cached = sourceCache.get(m.key());
            if (cached != null && cached.matches(m.size(), m.internalDate())) {
                message.digest(cached.digest());
            } else if (targetIds.contains(message.messageId())) {
                message.digest(Digests.of(source, pair.folderA(), m, sourceCache, state, MigrateState.Role.SOURCE));
            }
            Integer left = message.digest() == null ? null : pool.get(message.digest());
            if (left != null && left > 0) {
                pool.put(message.digest(), left - 1);
                message.there(true);
            }
            messages.add(message);
        }
        MigratingFolder migrating = new MigratingFolder(pair, messages, targetDigests);
        if (!job.verifyOnly()) {
            List<SourceMessage> missing = migrating.missing();
            job.report().progress().pairStarted(pair.boxname(), missing.size(),
                    missing.stream().mapToLong(m -> Math.max(0, m.meta().size())).sum());
        }
        return migrating;
    }

    /** Throws when a store of the run was lost: the folder is reported as not migrated, at once. */
    static void notLost(MigrateTally tally) throws StoreException {
        String lost = tally.lost();
        if (lost != null) {
            throw new StoreException("not migrated, as a store was lost earlier in this run (" + lost
                    + "); the next run takes it up");
        }
    }

    /** The run's last line, and its report as the body. */
    public RunReport end(@ExchangeProperty(MailsyncConstants.JOB) MigrateJob job, @ExchangeProperty(TALLY) MigrateTally tally) {
        int folders = tally.total();
        int incomplete = folders - tally.verified();
        String what = (job.verifyOnly() ? "Verified " : "Migrated ") + folders + (folders == 1 ? " folder" : " folders")
                + (job.verifyOnly() ? "" : ": " + tally.copied() + (tally.copied() == 1 ? " message" : " messages") + " copied");
        String verdict;
        if (incomplete > 0) {
            verdict = "; " + incomplete + " of " + folders + (folders == 1 ? " folder" : " folders")
                    + " not verified complete, see the errors above.";
        } else if (job.report().problems() > 0) {
            verdict = "; each folder verified complete, but some were skipped, see the errors above.";
        } else {
            verdict = "; every folder verified complete.";
        }
        job.report().line(what + verdict);
        return job.report().toRunReport();
    }
}
