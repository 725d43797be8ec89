package org.mailsync.route;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.mailsync.camel.MailsyncConstants;
import org.mailsync.job.StoreSide;
import org.mailsync.job.SyncJob;
import org.mailsync.msinfo.MsinfoException;
import org.mailsync.msinfo.PairVersion;
import org.mailsync.report.PairOutcome;
import org.mailsync.store.StoreException;
import org.mailsync.sync.RememberedFlags;
import org.mailsync.sync.SyncPlan;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pair-level fast path of a steady-state sync: a folder pair whose last plan was empty,
 * and whose two folders and msinfo are exactly as they were then, would plan nothing again
 * (the planner is a pure function of them and the options), so it is skipped without
 * indexing either folder or loading either index cache.
 *
 * <p>msinfo counts as unchanged when the state's {@link PairVersion} of the pair is (SQLite:
 * the time of its last write and its size, one row), else when its content digests the same.
 *
 * <p>"Exactly as they were" is what the stores' {@linkplain org.mailsync.store.MailStore#fingerprint
 * fingerprints} vouch for: one STATUS of an IMAP folder with CONDSTORE, a {@code stat} of each
 * local message file (so a message rewritten in place under its old name, size and mtime is still
 * seen, by its ctime). A store that cannot vouch (no CONDSTORE, a file changed within the settle
 * time) gives no fingerprint, and the pair is indexed as usual. The record of a settled pair is a
 * digest of all the inputs, kept with the index cache: a hint that, like the cache, can cost time
 * when wrong, never mail.
 */
public class SettledPairs {

    private static final Logger LOG = LoggerFactory.getLogger(SettledPairs.class);

    /** The exchange property with the digest of the pair's inputs, when both folders gave a fingerprint. */
    public static final String INPUTS = "mailsyncSettledInputs";

    /** The exchange property with a skipped pair's number of remembered messages, when its msinfo was not loaded. */
    public static final String REMAIN = "mailsyncSettledRemain";

    /** The exchange property set (true) on a pair the fast path skipped. */
    public static final String SKIPPED = "mailsyncSettled";

    /**
     * The empty plan of a pair that is settled, or null when the pair must be indexed and
     * planned. Never writes anything.
     */
    public SyncPlan check(@ExchangeProperty(MailsyncConstants.JOB) SyncJob job,
                          @ExchangeProperty(MailsyncConstants.PAIR) FolderPair pair,
                          Exchange exchange) throws MsinfoException {
        if (!pair.onA() || !pair.onB()) {
            return null;
        }
        String a = fingerprint(job.a(), pair.folderA());
        String b = a == null ? null : fingerprint(job.b(), pair.folderB());
        if (b == null) {
            return null;
        }
        // Cheap when the state can tell its pair's version (one row); otherwise its content.
        PairVersion version = job.state().msinfoVersion(job.channel(), pair.boxname());
        Map<String, RememberedFlags> msinfo = version == null ? job.state().loadWithFlags(job.channel(), pair.boxname()) : null;
        String inputs = inputs(job, pair, a, b, version, msinfo);
        exchange.setProperty(INPUTS, inputs);
        String settled;
        try {
            settled = job.state().loadSettled(job.channel(), pair.boxname());
        } catch (MsinfoException e) {
            LOG.debug("settled record of {} not read: {}", pair.boxname(), e.getMessage());
            return null;
        }
        if (!inputs.equals(settled)) {
            return null;
        }
        LOG.debug("{}: settled, both folders and msinfo unchanged since its last empty plan", pair.boxname());
        exchange.setProperty(SKIPPED, true);
        if (version != null) {
            exchange.setProperty(REMAIN, version.identities());
            return new SyncPlan(pair.boxname(), List.of(), Set.of(), false);
        }
        exchange.setProperty(FolderPairIndexer.LOADED_MSINFO, msinfo);
        return new SyncPlan(pair.boxname(), List.of(), msinfo.keySet(), false, msinfo, List.of());
    }

    /**
     * After a pair's commit: records it as settled when its plan was empty (no action, no
     * report), the commit left msinfo's content as loaded ({@link MsinfoCommitter#CHANGED}) and
     * everything went through, else forgets any older record.
     */
    public void record(@ExchangeProperty(MailsyncConstants.JOB) SyncJob job,
                       @ExchangeProperty(MailsyncConstants.OUTCOME) PairOutcome outcome,
                       @ExchangeProperty(INPUTS) String inputs,
                       @ExchangeProperty(SKIPPED) Boolean skipped,
                       @ExchangeProperty(MsinfoCommitter.CHANGED) Boolean msinfoChanged) {
        if (job.simulate() || inputs == null || Boolean.TRUE.equals(skipped)) {
            return;
        }
        SyncPlan plan = outcome.plan();
        boolean quiet = !plan.skipped() && plan.actions().isEmpty() && outcome.errors().isEmpty()
                && !outcome.isFolderFailed() && !outcome.isAborted() && Boolean.FALSE.equals(msinfoChanged);
        try {
            job.state().saveSettled(job.channel(), outcome.boxname(), quiet ? inputs : null);
        } catch (MsinfoException e) {
            LOG.debug("settled record of {} not kept: {}", outcome.boxname(), e.getMessage());
        }
    }

    private static String fingerprint(StoreSide side, String folder) {
        try {
            return side.store().fingerprint(folder);
        } catch (StoreException e) {
            // the index will meet the same problem and report it properly
            LOG.debug("no fingerprint of {}:{}: {}", side.name(), folder, e.getMessage());
            return null;
        }
    }

    /** A digest of everything the pair's plan is a function of. */
    static String inputs(SyncJob job, FolderPair pair, String fingerprintA, String fingerprintB, PairVersion version,
                         Map<String, RememberedFlags> msinfo) {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        for (String part : List.of("settled/1", job.channel(), pair.boxname(),
                IndexCacheUse.storeKey(job.a()), pair.folderA(), fingerprintA,
                IndexCacheUse.storeKey(job.b()), pair.folderB(), fingerprintB,
                String.valueOf(job.identity()), String.valueOf(job.options()))) {
            update(sha, part);
        }
        if (version != null) {
            update(sha, "version " + version.identities() + " " + version.stamp());
            return HexFormat.of().formatHex(sha.digest());
        }
        List<String> ids = new ArrayList<>(msinfo.keySet());
        ids.sort(null);
        update(sha, Integer.toString(ids.size()));
        for (String id : ids) {
            RememberedFlags flags = msinfo.get(id);
            update(sha, id);
            update(sha, flags.a() == null ? "?" : flags.a().encode());
            update(sha, flags.b() == null ? "?" : flags.b().encode());
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    private static void update(MessageDigest sha, String part) {
        sha.update(part.getBytes(StandardCharsets.UTF_8));
        sha.update((byte) 0);
    }
}
