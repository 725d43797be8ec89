package org.mailsync.route;

/**
 * Two folders with the same boxname on the two stores of a channel.
 *
 * @param boxname the boxname
 * @param folderA side A's native folder name (where it is or would be created)
 * @param folderB side B's native folder name
 * @param onA     whether the folder exists on side A
 * @param onB     whether the folder exists on side B
 */
public record FolderPair(String boxname, String folderA, String folderB, boolean onA, boolean onB) {
}
