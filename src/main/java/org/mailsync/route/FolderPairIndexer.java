package org.mailsync.route;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.camel.ExchangeProperty;
import org.mailsync.camel.MailsyncConstants;
import org.mailsync.job.StoreSide;
import org.mailsync.job.SyncJob;
import org.mailsync.identity.ContentDigest;
import org.mailsync.identity.IdentityMode;
import org.mailsync.identity.MessageIdentifier;
import org.mailsync.msinfo.MsinfoException;
import org.mailsync.store.MailStore;
import org.mailsync.store.MessageMeta;
import org.mailsync.store.StoreException;
import org.mailsync.sync.FolderIndex;
import org.mailsync.sync.IndexedMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Indexes both folders of a pair and loads the pair's msinfo: the planner's input. Message
 * bodies are read only where the planner needs a content digest: messages without a
 * Message-ID in {@code auto} mode, and every message whose identity occurs more than once in
 * its folder (to tell identical duplicates from different messages under one id).
 */
public class FolderPairIndexer {

    private static final Logger LOG = LoggerFactory.getLogger(FolderPairIndexer.class);

    /** Indexes the pair. A folder that exists but cannot be read fails the pair, never reads as empty. */
    public IndexedPair index(@ExchangeProperty(MailsyncConstants.JOB) SyncJob job,
                             @ExchangeProperty(MailsyncConstants.PAIR) FolderPair pair) throws StoreException, MsinfoException {
        FolderIndex a = pair.onA() ? index(job.a(), pair.folderA(), job.identity()) : null;
        FolderIndex b = pair.onB() ? index(job.b(), pair.folderB(), job.identity()) : null;
        return new IndexedPair(pair, a, b, job.state().load(job.channel(), pair.boxname()));
    }

    /** Indexes one folder of a store with the given identity mode. */
    public static FolderIndex index(StoreSide side, String folder, IdentityMode mode) throws StoreException {
        MailStore store = side.store();
        long start = System.nanoTime();
        List<MessageMeta> metas = store.index(folder);
        List<String> identities = new ArrayList<>(metas.size());
        Map<String, Integer> counts = new HashMap<>();
        for (MessageMeta meta : metas) {
            String id = MessageIdentifier.identify(mode, meta, null);
            if (id == null && mode == IdentityMode.AUTO) {
                id = MessageIdentifier.identify(mode, meta, digest(side, folder, meta));
            }
            identities.add(id);
            if (id != null) {
                counts.merge(id, 1, Integer::sum);
            }
        }
        List<IndexedMessage> messages = new ArrayList<>(metas.size());
        for (int i = 0; i < metas.size(); i++) {
            MessageMeta meta = metas.get(i);
            String id = identities.get(i);
            String digest = id != null && counts.get(id) > 1 ? digest(side, folder, meta) : null;
            messages.add(new IndexedMessage(id, meta, digest));
        }
        LOG.debug("indexed {}:{}: {} messages in {} ms", side.name(), folder, messages.size(),
                (System.nanoTime() - start) / 1_000_000);
        return new FolderIndex(folder, messages);
    }

    private static String digest(StoreSide side, String folder, MessageMeta meta) throws StoreException {
        try (InputStream in = side.store().open(folder, meta.key())) {
            return ContentDigest.of(in);
        } catch (IOException e) {
            throw new StoreException("store " + side.name() + ": cannot read message " + meta.key() + " in " + folder + ": "
                    + e.getMessage(), e);
        }
    }
}
