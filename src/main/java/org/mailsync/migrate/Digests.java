package org.mailsync.migrate;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.mailsync.identity.ContentDigest;
import org.mailsync.identity.MessageIdentifier;
import org.mailsync.mail.HeaderBlock;
import org.mailsync.store.MailStore;
import org.mailsync.store.MessageMeta;
import org.mailsync.store.StoreException;

/**
 * The content digests a migration compares messages by: {@link ContentDigest} (SHA-256 of the
 * message with line ends normalised and the mbox status fields left out), so that a message
 * digests the same in every store whatever line ends the store keeps; read from the store, or
 * taken from the state while the message's size and internal date are what they were.
 */
final class Digests {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Digests.class);

    private Digests() {
    }

    /** The messages with only the header fields identities are made of (less memory for a large folder). */
    static List<MessageMeta> slim(List<MessageMeta> metas) {
        List<MessageMeta> slim = new ArrayList<>(metas.size());
        for (MessageMeta m : metas) {
            slim.add(new MessageMeta(m.key(), m.size(), m.flags(), m.internalDate(), HeaderBlock.essentials(m.header()),
                    m.keywords()));
        }
        return slim;
    }

    /** The Message-IDs of messages ("" for those without one). */
    static Set<String> messageIds(List<MessageMeta> metas) {
        Set<String> ids = new HashSet<>();
        for (MessageMeta m : metas) {
            ids.add(messageId(m));
        }
        return ids;
    }

    /** The message's Message-ID, or "" when it has none. */
    static String messageId(MessageMeta meta) {
        String id = MessageIdentifier.messageId(HeaderBlock.parse(meta.header()));
        return id == null ? "" : id;
    }

    /** The digest of a message as its store holds it, read now. */
    static String read(MailStore store, String folder, MessageMeta meta) throws StoreException {
        try (InputStream in = store.open(folder, meta.key())) {
            return ContentDigest.of(in);
        } catch (IOException e) {
            throw new StoreException("reading " + meta.key() + " of " + folder + ": " + e.getMessage(), e);
        }
    }

    /**
     * The digest of a message: the state's, if it still holds for the message, else read now
     * and remembered (where the state can: it is only a cache).
     */
    static String of(MailStore store, String folder, MessageMeta meta, Map<String, MigrateState.CachedDigest> cached,
                     MigrateState state, MigrateState.Role role) throws StoreException {
        MigrateState.CachedDigest c = cached.get(meta.key());
        if (c != null && c.matches(meta.size(), meta.internalDate())) {
            return c.digest();
        }
        String digest = read(store, folder, meta);
        try {
            state.rememberDigest(role, folder, meta.key(), meta.size(), meta.internalDate(), digest);
        } catch (IOException e) {
            // only a cache: the next run reads the message again
            LOG.debug("remembering a digest failed", e);
        }
        return digest;
    }
}
