package org.mailsync.route;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.mailsync.job.SyncJob;
import org.mailsync.store.FolderNotFoundException;
import org.mailsync.store.MessageMeta;
import org.mailsync.store.StoreException;
import org.mailsync.sync.IndexedMessage;
import org.mailsync.sync.RememberedFlags;
import org.mailsync.sync.Side;

/**
 * What a folder pair knows of the moves it may make: for each message it is about to copy, the
 * one other pair of the channel whose msinfo remembers it (where it may have been moved from),
 * and the indexes of those other folders, read once per pair however many messages came from
 * them (a user who moves 500 messages at once costs one index of each folder, not 500).
 */
public final class PairMoves {

    /** Nothing to move. */
    static final PairMoves NONE = new PairMoves(Map.of());

    /**
     * Where a message may have come from.
     *
     * @param boxname the other pair, whose msinfo remembers the message
     * @param base    the flags remembered there: the base of the moved message's flag merge
     */
    record Source(String boxname, RememberedFlags base) {
    }

    private final Map<String, Source> sources;
    private final Map<String, List<IndexedMessage>> indexes = new HashMap<>();

    PairMoves(Map<String, Source> sources) {
        this.sources = Map.copyOf(sources);
    }

    /** The source of a copied message, or null when it is not a move candidate. */
    Source source(String identity) {
        return identity == null ? null : sources.get(identity);
    }

    /** How many candidates there are. */
    int size() {
        return sources.size();
    }

    /**
     * The messages with this identity in a folder of a side, as this pair first read the folder
     * (through the index cache); none when the folder does not exist.
     */
    synchronized List<MessageMeta> find(SyncJob job, Side side, String folder, String identity) throws StoreException {
        List<IndexedMessage> index = indexes.get(side + ":" + folder);
        if (index == null) {
            try {
                index = FolderPairIndexer.index(job.side(side), folder, job.identity(), job.state()).index().messages();
            } catch (FolderNotFoundException e) {
                index = List.of();
            }
            indexes.put(side + ":" + folder, index);
        }
        return index.stream().filter(m -> identity.equals(m.identity())).map(IndexedMessage::meta).toList();
    }
}
