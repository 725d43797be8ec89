package org.mailsync.route;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.mailsync.camel.MailsyncConstants;
import org.mailsync.identity.ContentDigest;
import org.mailsync.identity.IdentityMode;
import org.mailsync.identity.MessageIdentifier;
import org.mailsync.job.StoreSide;
import org.mailsync.job.SyncJob;
import org.mailsync.msinfo.CachedIndex;
import org.mailsync.msinfo.MsinfoException;
import org.mailsync.msinfo.SyncState;
import org.mailsync.store.FolderSnapshot;
import org.mailsync.store.MessageMeta;
import org.mailsync.store.StoreException;
import org.mailsync.sync.FolderIndex;
import org.mailsync.sync.IndexedMessage;
import org.mailsync.sync.RememberedFlags;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Indexes both folders of a pair and loads the pair's msinfo: the planner's input. Message
 * bodies are read only where the planner needs a content digest: messages without a
 * Message-ID in {@code auto} mode, and every message whose identity occurs more than once in
 * its folder (to tell identical duplicates from different messages under one id).
 *
 * <p>Indexing goes through the index cache: the state's snapshot of each folder from the last
 * sync is handed to the store, which re-reads only what changed ({@link
 * org.mailsync.store.MailStore#index(String, FolderSnapshot)}), and digests computed before are
 * reused for messages whose key and stamp did not change. The new snapshots go to the exchange
 * ({@link IndexCacheUse#PROPERTY}); the commit keeps them.
 */
public class FolderPairIndexer {

    private static final Logger LOG = LoggerFactory.getLogger(FolderPairIndexer.class);

    /**
     * The exchange property with the msinfo the pair was planned from, a
     * {@code Map<String, RememberedFlags>} (the commit skips an unchanged one).
     */
    public static final String LOADED_MSINFO = "mailsyncLoadedMsinfo";

    /** Indexes the pair. A folder that exists but cannot be read fails the pair, never reads as empty. */
    public IndexedPair index(@ExchangeProperty(MailsyncConstants.JOB) SyncJob job,
                             @ExchangeProperty(MailsyncConstants.PAIR) FolderPair pair,
                             Exchange exchange) throws StoreException, MsinfoException {
        IndexCacheUse a = pair.onA() ? index(job.a(), pair.folderA(), job.identity(), job.state()) : null;
        IndexCacheUse b = pair.onB() ? index(job.b(), pair.folderB(), job.identity(), job.state()) : null;
        exchange.setProperty(IndexCacheUse.PROPERTY, new IndexCacheUse.Pair(a, b));
        Map<String, RememberedFlags> msinfo = job.state().loadWithFlags(job.channel(), pair.boxname());
        exchange.setProperty(LOADED_MSINFO, msinfo);
        return new IndexedPair(pair, a == null ? null : a.index(), b == null ? null : b.index(), msinfo);
    }

    /** Indexes one folder of a store with the given identity mode, without any cache. */
    public static FolderIndex index(StoreSide side, String folder, IdentityMode mode) throws StoreException {
        return indexFrom(side, folder, mode, null).index();
    }

    /**
     * Indexes one folder through the state's index cache (none when {@code state} is null).
     * Reading the cache never writes it: read-only runs use this too.
     */
    public static IndexCacheUse index(StoreSide side, String folder, IdentityMode mode, SyncState state)
            throws StoreException {
        CachedIndex loaded = null;
        if (state != null) {
            try {
                loaded = state.loadIndex(IndexCacheUse.storeKey(side), folder);
            } catch (MsinfoException e) {
                LOG.debug("index cache of {}:{} not used: {}", side.name(), folder, e.getMessage());
            }
        }
        return indexFrom(side, folder, mode, loaded);
    }

    /**
     * Indexes one folder from a cache at hand, e.g. the one this run's own index of the folder
     * made (its store then reads only what changed since that index).
     *
     * @param previous the cache to start from, or null for a full index
     */
    static IndexCacheUse indexFrom(StoreSide side, String folder, IdentityMode mode, CachedIndex previous)
            throws StoreException {
        long start = System.nanoTime();
        FolderSnapshot snapshot = side.store().index(folder, previous == null ? null : previous.snapshot());
        IndexCacheUse use = identify(side, folder, mode, snapshot, previous);
        LOG.debug("indexed {}:{}: {} messages in {} ms{}", side.name(), folder, use.index().messages().size(),
                (System.nanoTime() - start) / 1_000_000, previous == null ? "" : " (cached index given)");
        return use;
    }

    /**
     * The identities (and where needed digests) of a snapshot's messages. A digest from the
     * loaded cache stands for a message whose key and stamp are the same as then: the store
     * vouches that such a message's bytes did not change.
     */
    static IndexCacheUse identify(StoreSide side, String folder, IdentityMode mode, FolderSnapshot snapshot,
                                  CachedIndex loaded) throws StoreException {
        Map<String, String> knownDigests = reusableDigests(loaded, snapshot);
        Map<String, String> digests = new HashMap<>();
        List<FolderSnapshot.Entry> entries = snapshot.entries();
        List<String> identities = new ArrayList<>(entries.size());
        Map<String, Integer> counts = new HashMap<>();
        for (FolderSnapshot.Entry entry : entries) {
            MessageMeta meta = entry.meta();
            String id = MessageIdentifier.identify(mode, meta, null);
            if (id == null && mode == IdentityMode.AUTO) {
                id = MessageIdentifier.identify(mode, meta, digest(side, folder, meta, knownDigests, digests));
            }
            identities.add(id);
            if (id != null) {
                counts.merge(id, 1, Integer::sum);
            }
        }
        List<IndexedMessage> messages = new ArrayList<>(entries.size());
        for (int i = 0; i < entries.size(); i++) {
            MessageMeta meta = entries.get(i).meta();
            String id = identities.get(i);
            String digest = id != null && counts.get(id) > 1 ? digest(side, folder, meta, knownDigests, digests) : null;
            messages.add(new IndexedMessage(id, meta, digest));
        }
        return new IndexCacheUse(side, folder, new FolderIndex(folder, messages), loaded, new CachedIndex(snapshot, digests));
    }

    private static Map<String, String> reusableDigests(CachedIndex loaded, FolderSnapshot snapshot) {
        if (loaded == null || loaded.digests().isEmpty()) {
            return Map.of();
        }
        Map<String, String> stamps = new HashMap<>();
        for (FolderSnapshot.Entry entry : loaded.snapshot().entries()) {
            if (entry.stamp() != null) {
                stamps.put(entry.meta().key(), entry.stamp());
            }
        }
        Map<String, String> reusable = new HashMap<>();
        for (FolderSnapshot.Entry entry : snapshot.entries()) {
            String key = entry.meta().key();
            String digest = loaded.digests().get(key);
            if (digest != null && entry.stamp() != null && Objects.equals(entry.stamp(), stamps.get(key))) {
                reusable.put(key, digest);
            }
        }
        return reusable;
    }

    private static String digest(StoreSide side, String folder, MessageMeta meta, Map<String, String> known,
                                 Map<String, String> made) throws StoreException {
        String digest = made.get(meta.key());
        if (digest == null) {
            digest = known.get(meta.key());
        }
        if (digest == null) {
            try (InputStream in = side.store().open(folder, meta.key())) {
                digest = ContentDigest.of(in);
            } catch (IOException e) {
                throw new StoreException("store " + side.name() + ": cannot read message " + meta.key() + " in " + folder
                        + ": " + e.getMessage(), e);
            }
        }
        made.put(meta.key(), digest);
        return digest;
    }
}
