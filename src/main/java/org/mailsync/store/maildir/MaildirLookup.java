package org.mailsync.store.maildir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

import org.mailsync.store.StoreException;

/**
 * Where the file of a message key is now: a key names a unique name, whose file another
 * program may have moved from {@code new/} to {@code cur/} or renamed to new flags since we
 * saw it, so it is looked for where it was last seen ({@link MaildirLocations}), then in
 * {@code new/}, then by listing the folder again ({@link MaildirScan}).
 */
final class MaildirLookup {

    private final MaildirLocations locations;
    private final MaildirScan scan;

    MaildirLookup(MaildirLocations locations, MaildirScan scan) {
        this.locations = locations;
        this.scan = scan;
    }

    /**
     * The file holding a key's message now: where it was last seen if it is still there,
     * otherwise found by listing new/ and cur/ again.
     */
    Path locate(Path folder, String key) throws StoreException {
        Path known = find(folder, key);
        if (known == null) {
            throw new StoreException("maildir " + folder + ": no message with key " + key
                    + " (deleted, or renamed by another program)");
        }
        return known;
    }

    /** Like {@link #locate(Path, String)}, but null when the key names no file. */
    Path find(Path folder, String key) throws StoreException {
        if (!isValidKey(key)) {
            return null;
        }
        Path hint = locations.get(folder, key);
        if (hint != null && Files.isRegularFile(hint)) {
            return hint;
        }
        Path unread = folder.resolve(MaildirFormat.NEW).resolve(key);
        if (Files.isRegularFile(unread)) {
            return unread;
        }
        try {
            MaildirScan.Found found = scan.list(folder).get(key);
            return found == null ? null : found.file();
        } catch (IOException e) {
            throw new StoreException("maildir " + folder + ": cannot list messages: " + e.getMessage(), e);
        }
    }

    /**
     * The file of every key, or an error naming the folder and each key that names no file,
     * before anything is done to any of them.
     *
     * @param nothingDone what the error says was not done
     */
    Map<String, Path> findAll(Path folder, Collection<String> keys, String nothingDone) throws StoreException {
        Map<String, Path> files = new LinkedHashMap<>();
        List<String> missing = new ArrayList<>();
        for (String key : new LinkedHashSet<>(keys)) {
            Path file = find(folder, key);
            if (file == null) {
                missing.add(key);
            } else {
                files.put(key, file);
            }
        }
        if (!missing.isEmpty()) {
            throw new StoreException("maildir " + folder + ": no message with key" + (missing.size() == 1 ? " " : "s ")
                    + String.join(", ", missing) + "; " + nothingDone);
        }
        return files;
    }

    /** A key we could have issued: a plain file name without info, never a path. */
    private static boolean isValidKey(String key) {
        return key != null && !key.isEmpty() && !key.startsWith(".") && key.indexOf('/') < 0
                && key.indexOf(':') < 0 && key.indexOf('\\') < 0 && key.indexOf('\0') < 0;
    }
}
