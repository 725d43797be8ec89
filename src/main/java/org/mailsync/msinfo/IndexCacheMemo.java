package org.mailsync.msinfo;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The index caches a state factory's last run of each msinfo used, kept in memory for its next
 * run (a client that runs a channel again and again: the daemon's {@code mailsync:} consumer),
 * so that the next run hands its stores the snapshots from memory instead of reading every
 * message's row of the cache file again. On disk nothing changes: what is saved is saved to
 * the file as before, and a run without this memo (a new process) reads the file.
 *
 * <p>The memo is a hint in front of a hint: a store re-validates the snapshot it is given
 * ({@link SyncState#loadIndex}), so a snapshot older than the file's (another process synced
 * the channel between two runs and saved newer ones) costs that store catching up from it,
 * never correctness; the run then saves what it found, and memo and file agree again. Only the
 * folders the last run loaded or saved are kept, so folders that went away are forgotten.
 */
final class IndexCacheMemo {

    /** Per msinfo file, by store and folder: the caches of its last run. */
    private final Map<Path, Map<String, CachedIndex>> lastRun = new ConcurrentHashMap<>();

    /** The memo as one run of an msinfo file sees it; {@link Run#end()} keeps what it used. */
    Run begin(Path msinfo) {
        Path file = msinfo.toAbsolutePath().normalize();
        return new Run(file, lastRun.getOrDefault(file, Map.of()));
    }

    /** One run's view: the last run's caches to read, and this run's to keep. */
    final class Run {
        private final Path file;
        private final Map<String, CachedIndex> before;
        private final Map<String, CachedIndex> used = new ConcurrentHashMap<>();

        private Run(Path file, Map<String, CachedIndex> before) {
            this.file = file;
            this.before = before;
        }

        /** The folder's cache as the last run (or this one) left it, or null when not in memory. */
        CachedIndex get(String store, String folder) {
            String key = key(store, folder);
            CachedIndex index = used.get(key);
            if (index == null) {
                index = before.get(key);
                if (index != null) {
                    used.put(key, index);
                }
            }
            return index;
        }

        /** The folder's cache as this run loaded it from the file or saved it. */
        void put(String store, String folder, CachedIndex index) {
            used.put(key(store, folder), index);
        }

        /** Keeps this run's caches for the next run of the file. */
        void end() {
            lastRun.put(file, Map.copyOf(used));
        }

        private static String key(String store, String folder) {
            return store + '\0' + folder;
        }
    }
}
