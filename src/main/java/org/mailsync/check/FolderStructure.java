package org.mailsync.check;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;

import org.mailsync.store.MessageMeta;

/**
 * The structure check of one kind of local folder: what is wrong on disk that the store's
 * reading skips or copes with silently. Reads only.
 */
public interface FolderStructure {

    /**
     * Checks a folder.
     *
     * @param folder   the folder's path
     * @param messages the folder's messages as the store reads them (read-only), in folder order
     */
    Result check(Path folder, List<MessageMeta> messages) throws IOException;

    /**
     * What a structure check found.
     *
     * @param findings       the faults and notes, in the order found
     * @param place          names a message by its key the way users find it (a Maildir file name,
     *                       an mbox byte offset, an MH message number)
     * @param messagesSafeToOpen false when opening a message through the store would change the
     *                       folder (an mbox with an interrupted append, which the store takes back
     *                       first): the messages are then judged by their headers only
     */
    record Result(List<Finding> findings, UnaryOperator<String> place, boolean messagesSafeToOpen) {
        public Result {
            findings = List.copyOf(findings);
        }
    }
}
