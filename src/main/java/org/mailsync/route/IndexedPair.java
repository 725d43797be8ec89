package org.mailsync.route;

import java.util.Map;

import org.mailsync.sync.FolderIndex;
import org.mailsync.sync.RememberedFlags;

/**
 * A folder pair with both sides indexed and the msinfo of its last sync: the planner's input.
 *
 * @param pair   the pair
 * @param a      side A's index, or null when the folder does not exist there
 * @param b      side B's index, or null when the folder does not exist there
 * @param msinfo the identities on both sides at the end of the last sync, each with the flags
 *               both sides had then
 */
public record IndexedPair(FolderPair pair, FolderIndex a, FolderIndex b, Map<String, RememberedFlags> msinfo) {
}
