package org.mailsync.sync;

import java.util.List;

/**
 * The indexed messages of one side of a folder pair, in the folder's own order.
 *
 * @param folder   the store's native name of the folder
 * @param messages the messages
 */
public record FolderIndex(String folder, List<IndexedMessage> messages) {

    public FolderIndex {
        messages = List.copyOf(messages);
    }
}
