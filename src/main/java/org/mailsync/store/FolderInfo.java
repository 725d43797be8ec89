package org.mailsync.store;

/**
 * A folder a store listed: its full native name (in the store's own hierarchy delimiter) and
 * whether it can hold messages (false for IMAP {@code \Noselect} and for plain directories that
 * only hold other folders).
 *
 * @param name       the full native name, as passed back to the store's other operations
 * @param selectable whether the folder can hold messages
 */
public record FolderInfo(String name, boolean selectable) {
}
