package org.mailsync.check;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.mailsync.store.ListPattern;
import org.mailsync.store.StoreException;
import org.mailsync.store.local.LocalStore;

/**
 * The files of a local store, among the names its pattern selects, that are no mailbox: a
 * file that does not start with {@code From } is not an mbox, and a sync skips it (the
 * original uploaded such files as messages). Only files in plain directories of the hierarchy
 * are looked at: what lies inside a Maildir or MH folder is its structure check's business.
 * Dot files and dot-locks ({@code NAME.lock}) are never folders and are passed over, as
 * listing does.
 */
public final class StrayFiles {

    private StrayFiles() {
    }

    /**
     * The stray files by their name in the store (as a folder of that name would have), each
     * with what is wrong, in name order.
     */
    public static Map<String, Finding> find(LocalStore store, String pattern) throws IOException, StoreException {
        ListPattern lp = ListPattern.of(pattern, '/');
        String parent = lp.literalParent('/');
        Path start = parent.isEmpty() ? store.root() : store.root().resolve(parent);
        Map<String, Finding> found = new LinkedHashMap<>();
        if (Files.isDirectory(start) && (parent.isEmpty() || store.formatName(parent) == null)) {
            walk(store, start, parent, 1, lp.maxDepthBelowParent('/'), lp, found);
        }
        return found;
    }

    private static void walk(LocalStore store, Path dir, String dirName, int depth, int maxDepth, ListPattern lp,
                             Map<String, Finding> found) throws IOException, StoreException {
        for (String child : DirectoryNames.visible(dir)) {
            Path path = dir.resolve(child);
            String name = dirName.isEmpty() ? child : dirName + "/" + child;
            boolean directory = Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS);
            if (!directory && child.endsWith(".lock")) {
                continue;
            }
            String format = store.formatName(name);
            if (!directory && format == null && Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS) && lp.matches(name)) {
                found.put(name, Finding.problem(null, "not a mailbox (not an mbox file: it does not start with \"From \");"
                        + " a sync skips it"));
            }
            // A folder's own files are its structure check's; only plain directories are walked.
            if (directory && format == null && (maxDepth < 0 || depth < maxDepth)) {
                walk(store, path, name, depth + 1, maxDepth, lp, found);
            }
        }
    }
}
