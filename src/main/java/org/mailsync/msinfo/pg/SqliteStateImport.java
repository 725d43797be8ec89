package org.mailsync.msinfo.pg;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.mailsync.msinfo.DeletionRecord;
import org.mailsync.msinfo.MsinfoException;
import org.mailsync.msinfo.MsinfoRepository;
import org.mailsync.msinfo.SyncState;
import org.mailsync.sync.RememberedFlags;

/**
 * {@code --import-state}: copies a channel's SQLite state (its msinfo file) into PostgreSQL,
 * replacing what PostgreSQL had of the channel, in one transaction: every folder pair with its
 * identities and remembered flags, and the deletion log (so that {@code undo} and the trash
 * purge go on where they were). The index cache and the settled pairs are not copied: they are
 * hints the next run rebuilds (one slower run), and the cache is the bulk of the data.
 * The SQLite file is opened read-only and left as it was.
 */
public final class SqliteStateImport {

    /**
     * What was copied.
     *
     * @param pairs      folder pairs
     * @param identities identities over all pairs
     * @param deletions  deletion log records
     */
    public record Copied(int pairs, int identities, int deletions) {
    }

    private SqliteStateImport() {
    }

    /**
     * Copies the channel's state from the SQLite file into the PostgreSQL state.
     *
     * @throws MsinfoException the file does not exist or cannot be read, or the copy could not be
     *                         written (then PostgreSQL keeps what it had)
     */
    public static Copied copy(Path sqliteFile, String channel, PostgresSyncState target) throws MsinfoException {
        if (!Files.isRegularFile(sqliteFile)) {
            throw new MsinfoException("--import-state: channel \"" + channel + "\" has no SQLite state at " + sqliteFile
                    + " to import");
        }
        try (SyncState source = MsinfoRepository.openReadOnly(sqliteFile)) {
            return copy(source, channel, target);
        }
    }

    /** Copies the channel's state from any state into the PostgreSQL state, in one transaction. */
    public static Copied copy(SyncState source, String channel, PostgresSyncState target) throws MsinfoException {
        Map<String, Map<String, RememberedFlags>> pairs = new LinkedHashMap<>();
        int identities = 0;
        for (String boxname : source.boxnames(channel)) {
            Map<String, RememberedFlags> ids = source.loadWithFlags(channel, boxname);
            pairs.put(boxname, ids);
            identities += ids.size();
        }
        // every run's records: since the epoch, oldest first
        List<DeletionRecord> deletions = source.deletions(channel, Instant.EPOCH);
        target.importChannel(channel, pairs, deletions);
        return new Copied(pairs.size(), identities, deletions.size());
    }
}
