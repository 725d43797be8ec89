package org.mailsync.sync;

import org.mailsync.store.MessageMeta;

/**
 * A message of a folder with the identity mailsync tracks it by.
 *
 * @param identity      the message's identity (see {@link org.mailsync.identity.IdentityMode}),
 *                      or null when it has none in the channel's mode (e.g. no Message-ID):
 *                      such a message is never copied or deleted
 * @param meta          what the store said about the message
 * @param contentDigest a digest of the whole message with line ends normalised, or null when
 *                      it was not computed (the indexer computes it where the planner needs to
 *                      tell identical duplicates from different messages under one identity)
 */
public record IndexedMessage(String identity, MessageMeta meta, String contentDigest) {

    /** Whether the message has an identity to sync it by. */
    public boolean hasIdentity() {
        return identity != null;
    }
}
