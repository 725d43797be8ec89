package org.mailsync.store;

import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Moves messages between folders of any two stores by copying: every message is appended to
 * the target (with its flags, keywords and internal date) before any is removed from the
 * source, and then exactly those are removed. So a kill at any moment leaves each message in
 * the source, in the target, or in both; never in neither.
 */
public final class MessageTransfer {

    private MessageTransfer() {
    }

    /**
     * Copies the messages of {@code folder} in {@code from} to {@code target} in {@code to}, then
     * deletes them from {@code folder}.
     *
     * @return each message's new key by its old one (a value null where the target cannot tell)
     * @throws StoreException a copy failed (nothing was deleted), or the deletion did (every
     *                        message is then in both places)
     */
    public static Map<String, String> copyThenDelete(MailStore from, String folder, List<MessageMeta> messages, MailStore to,
                                                     String target) throws StoreException {
        Map<String, String> moved = new LinkedHashMap<>();
        for (MessageMeta m : messages) {
            moved.put(m.key(), copy(from, folder, m, to, target));
        }
        from.delete(folder, List.copyOf(moved.keySet()));
        return moved;
    }

    /** Appends one message of {@code folder} to {@code target}, flags, keywords and internal date kept. */
    public static String copy(MailStore from, String folder, MessageMeta m, MailStore to, String target) throws StoreException {
        try (InputStream in = from.open(folder, m.key())) {
            return to.append(target, in, m.flags(), m.keywords(), m.internalDate());
        } catch (IOException e) {
            throw new StoreException("reading " + m.key() + " of " + folder + ": " + e.getMessage(), e);
        }
    }
}
