package org.mailsync.msinfo;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Takes over a channel's state from the original mailsync's msinfo file, so that switching to
 * us neither copies again what the original already synced nor resurrects what it saw deleted.
 * The legacy file is only read: the original can still be run on it.
 */
public final class LegacyMsinfoImporter {

    private LegacyMsinfoImporter() {
    }

    /**
     * Imports the channel's record from the legacy file when our state has no folder pair of
     * that channel yet (the first run after switching); afterwards our state is what counts,
     * so a later run of the original does not leak back into ours.
     *
     * @return whether something was imported
     */
    public static boolean importIfFresh(SyncState msinfo, String channel, Path legacyFile, PrintStream notes)
            throws MsinfoException {
        if (!Files.isRegularFile(legacyFile) || !msinfo.boxnames(channel).isEmpty()) {
            return false;
        }
        return importRecord(msinfo, channel, legacyFile, notes);
    }

    /**
     * Imports the channel's record from the legacy file, replacing whatever state we had for
     * the channel ({@code --import-msinfo}: the user says that file is the truth).
     *
     * @return whether the file held a record of the channel
     */
    public static boolean importRecord(SyncState msinfo, String channel, Path legacyFile, PrintStream notes)
            throws MsinfoException {
        Optional<LegacyChannelRecord> record;
        try {
            record = LegacyMsinfoReader.read(legacyFile, channel);
        } catch (IOException e) {
            throw new MsinfoException("cannot read the original mailsync's msinfo " + legacyFile + ": " + e.getMessage(), e);
        }
        if (record.isEmpty()) {
            return false;
        }
        Map<String, Set<String>> folders = ourBoxnames(record.get());
        msinfo.replaceChannel(channel, folders);
        int messages = folders.values().stream().mapToInt(Set::size).sum();
        notes.println("Imported " + count(folders.size(), "folder", "folders") + " (" + count(messages, "message", "messages")
                + ") of channel \"" + channel + "\" from the original mailsync's msinfo " + legacyFile
                + "; mailsync now keeps its state in " + msinfo.location());
        return true;
    }

    /**
     * The record's folders under the boxnames we give them. The original keeps a local
     * {@code inbox}'s name as written, while we treat INBOX case-insensitively and call it
     * {@code INBOX} (SEMANTICS.md, configuration); without this the imported state of the
     * inbox would be ignored and its deletions resurrected.
     */
    static Map<String, Set<String>> ourBoxnames(LegacyChannelRecord record) {
        Map<String, Set<String>> folders = new LinkedHashMap<>();
        record.folders().forEach((box, ids) -> folders
                .computeIfAbsent(box.equalsIgnoreCase("INBOX") ? "INBOX" : box, b -> new LinkedHashSet<>()).addAll(ids));
        return folders;
    }

    private static String count(int n, String one, String many) {
        return n + " " + (n == 1 ? one : many);
    }
}
