package org.mailsync.msinfo;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The default state: one SQLite file per msinfo path ({@link MsinfoRepository}). A factory
 * keeps the index caches of its last run of each file in memory for its next run
 * ({@link IndexCacheMemo}): a client that runs a channel again and again (the daemon) then
 * does not read them from the file every time. That costs memory of the order of the cache
 * file's size for as long as the factory is used; each {@code mailsync:} endpoint client has
 * a factory of its own. Likewise it remembers how its runs left each msinfo file, so that a
 * file nobody else has written since is opened without checking it again ({@link
 * MsinfoRepository#open(Path, PrintStream)} checks every file it opens).
 */
public final class SqliteSyncStateFactory implements SyncStateFactory {

    private final IndexCacheMemo indexes = new IndexCacheMemo();
    /** How this factory's repositories left each file when they closed it (see {@link MsinfoRepository#whenClosed}). */
    private final Map<Path, String> closedAs = new ConcurrentHashMap<>();

    @Override
    public SyncState open(String channel, Path file, boolean readOnly) throws MsinfoException {
        return open(channel, file, readOnly, null);
    }

    @Override
    public SyncState open(String channel, Path file, boolean readOnly, PrintStream notes) throws MsinfoException {
        if (readOnly) {
            return MsinfoRepository.openReadOnly(file).remembering(indexes);
        }
        Path key = file.toAbsolutePath().normalize();
        return MsinfoRepository.open(file, notes, closedAs.remove(key)).whenClosed(stamp -> closedAs.put(key, stamp))
                .remembering(indexes);
    }
}
