package org.mailsync.msinfo;

import java.util.Map;
import java.util.Objects;

import org.mailsync.store.FolderSnapshot;

/**
 * The index cache of one store folder as the state keeps it between runs: the store's
 * {@link FolderSnapshot} of the folder at the end of the last sync, and the content digests
 * the sync had to compute for some of its messages (messages without a Message-ID, and
 * duplicates), so that the next run reads neither headers nor bodies of what did not change.
 *
 * @param snapshot the store's snapshot
 * @param digests  content digests by message key; a digest is only reused for an entry whose
 *                 key and non-null stamp are unchanged
 */
public record CachedIndex(FolderSnapshot snapshot, Map<String, String> digests) {

    public CachedIndex {
        Objects.requireNonNull(snapshot, "snapshot");
        digests = Map.copyOf(digests);
    }
}
