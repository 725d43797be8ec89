package org.mailsync.store.maildir;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where each message file of the most recently used folders was last seen, by key. Only a
 * hint: a remembered path is used only if a file still exists there, and a file at that exact
 * path can only hold the message of that unique name, so the hint can never make us act on
 * another message; a forgotten folder is simply listed again.
 *
 * <p>Safe for threads working on different folders at once: the folders are kept in a
 * synchronized access-ordered map (its {@code get} reorders, so it must be locked; no concurrent
 * map evicts the least recently used), each folder's keys in a concurrent map, as they are handed
 * from the thread that listed the folder to the one that appends to it next.
 */
final class MaildirLocations {

    private final Map<Path, Map<String, Path>> byFolder;

    /** @param folders how many folders to remember; a sync works on a few at a time */
    MaildirLocations(int folders) {
        this.byFolder = Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Path, Map<String, Path>> eldest) {
                return size() > folders;
            }
        });
    }

    /**
     * Replaces what is remembered of a folder by a fresh listing, which this takes over: the
     * caller must not change it any more, and a map that is not concurrent is copied.
     */
    void remember(Path folder, Map<String, Path> files) {
        byFolder.put(folder, files instanceof ConcurrentHashMap<String, Path> own ? own : new ConcurrentHashMap<>(files));
    }

    /** Where the key's file was last seen, or null. */
    Path get(Path folder, String key) {
        Map<String, Path> files = byFolder.get(folder);
        return files == null ? null : files.get(key);
    }

    /** Notes a new file of a remembered folder (an unremembered one is listed when needed). */
    void put(Path folder, String key, Path file) {
        Map<String, Path> files = byFolder.get(folder);
        if (files != null) {
            files.put(key, file);
        }
    }

    /** Forgets one message of a folder. */
    void remove(Path folder, String key) {
        Map<String, Path> files = byFolder.get(folder);
        if (files != null) {
            files.remove(key);
        }
    }

    /** Forgets a whole folder. */
    void forget(Path folder) {
        byFolder.remove(folder);
    }
}
