package org.mailsync.check;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a check found in one folder of one store.
 *
 * @param store           the store's name
 * @param boxname         the folder's boxname
 * @param folder          the folder's native name
 * @param messages        the messages read, in folder order
 * @param findings        structure, message and duplicate findings, in that order
 * @param identicalCopies the later byte-identical copies, each with the first copy it repeats
 * @param removed         the copies {@code --fix-duplicates} removed (places), empty otherwise
 */
public record CheckedFolder(String store, String boxname, String folder, List<ScannedMessage> messages,
                            List<Finding> findings, Map<ScannedMessage, ScannedMessage> identicalCopies,
                            List<String> removed) {

    public CheckedFolder {
        messages = List.copyOf(messages);
        findings = List.copyOf(findings);
        identicalCopies = Collections.unmodifiableMap(new LinkedHashMap<>(identicalCopies)); // folder order
        removed = List.copyOf(removed);
    }

    /** The same folder after its identical copies at these places were removed. */
    public CheckedFolder withRemoved(List<String> places) {
        return new CheckedFolder(store, boxname, folder, messages, findings, identicalCopies, places);
    }
}
