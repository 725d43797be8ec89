package org.mailsync.store.local;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.mailsync.store.MailStore;
import org.mailsync.store.MessageMeta;
import org.mailsync.store.MessageTransfer;
import org.mailsync.store.StoreException;

/**
 * The free way to move a message between two Maildirs (into and out of a local trash, and a
 * move between folders of a local store): its file renamed into the other Maildir's
 * {@code cur/}, keeping its name. A rename within one file system is atomic, so the message is
 * in one folder or the other, never in neither and never in both. A file another program
 * renamed meanwhile (a flag change) is looked up again once; what cannot be renamed (the other
 * Maildir on another file system, the file gone) is left to the caller, which copies it.
 *
 * <p>A message with keywords is never renamed: its file name holds them as letters of the
 * folder's own {@code dovecot-keywords} list, which mean other keywords, or nothing, in the
 * other folder. The caller copies it, which writes the letters of the target's list.
 */
public final class MaildirRenames {

    private MaildirRenames() {
    }

    /** Whether a directory is a Maildir (has {@code cur/} and {@code new/}). */
    public static boolean isMaildir(Path folder) {
        return Files.isDirectory(folder.resolve("cur")) && Files.isDirectory(folder.resolve("new"));
    }

    /**
     * Moves messages from a folder of one store into a folder of the same or another store: each
     * one renamed where both folders are Maildirs ({@link #rename}), the rest (other formats, a
     * message with keywords, another file system) copied and then deleted exactly
     * ({@link MessageTransfer#copyThenDelete}). Either way a kill leaves a message in one folder
     * or in both, never in neither.
     *
     * @param fromDir the source folder's directory, or null when it is none (an IMAP folder)
     * @param toDir   the target folder's directory, or null when it is none
     * @return each moved message's key in {@code target} by its key in {@code folder}
     */
    public static Map<String, String> move(MailStore from, String folder, Path fromDir, List<MessageMeta> messages,
                                           MailStore to, String target, Path toDir) throws StoreException {
        Map<String, String> moved = new LinkedHashMap<>();
        if (fromDir != null && toDir != null && isMaildir(fromDir) && isMaildir(toDir)) {
            moved.putAll(rename(fromDir, messages, toDir));
        }
        List<MessageMeta> rest = messages.stream().filter(m -> !moved.containsKey(m.key())).toList();
        if (!rest.isEmpty()) {
            moved.putAll(MessageTransfer.copyThenDelete(from, folder, rest, to, target));
        }
        return moved;
    }

    /**
     * Renames the messages' files from {@code from} into {@code to}'s {@code cur/}.
     *
     * @return the renamed messages' keys in {@code to} by their keys in {@code from}; a message
     *         missing here was not renamed and is still where it was
     */
    public static Map<String, String> rename(Path from, Collection<MessageMeta> messages, Path to) throws StoreException {
        Map<String, String> moved = new LinkedHashMap<>();
        messages = messages.stream().filter(m -> m.keywords().isEmpty()).toList();
        Map<String, Path> files = files(from, messages.stream().map(MessageMeta::key).collect(java.util.stream.Collectors.toSet()));
        for (MessageMeta m : messages) {
            Path file = files.get(m.key());
            if (file == null) {
                continue;
            }
            try {
                Files.move(file, to.resolve("cur").resolve(file.getFileName()), StandardCopyOption.ATOMIC_MOVE);
                moved.put(m.key(), m.key());
            } catch (AtomicMoveNotSupportedException | FileAlreadyExistsException e) {
                return moved; // another file system (or a name taken): the rest is copied
            } catch (java.nio.file.NoSuchFileException e) {
                // renamed by another program since the look-up: the copy finds it by its key
            } catch (IOException e) {
                throw new StoreException("maildir " + from + ": cannot move " + m.key() + " to " + to + ": "
                        + e.getMessage(), e);
            }
        }
        return moved;
    }

    /** The current file of each key in {@code cur/} or {@code new/}. */
    private static Map<String, Path> files(Path folder, Set<String> keys) throws StoreException {
        Map<String, Path> out = new HashMap<>();
        for (String sub : List.of("cur", "new")) {
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder.resolve(sub))) {
                for (Path f : entries) {
                    String name = f.getFileName().toString();
                    int colon = name.indexOf(':');
                    String unique = colon < 0 ? name : name.substring(0, colon);
                    if (keys.contains(unique)) {
                        out.put(unique, f);
                    }
                }
            } catch (IOException e) {
                throw new StoreException("maildir " + folder + ": cannot list " + sub + "/: " + e.getMessage(), e);
            }
        }
        return out;
    }
}
