package org.mailsync.check;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.mailsync.job.StoreSide;
import org.mailsync.store.StoreException;

/**
 * {@code --fix-duplicates}: removes the later byte-identical copies a check found, keeping the
 * first in folder order, through the store's normal {@link org.mailsync.store.MailStore#delete}
 * (which refuses a key that no longer names the same message). Nothing else is ever removed:
 * different messages under one Message-ID stay, since which one is right is the user's call.
 */
public final class DuplicateFixer {

    private DuplicateFixer() {
    }

    /**
     * Removes a folder's identical copies, all in one store call.
     *
     * @return the folder with the places of what was removed
     * @throws StoreException nothing (or, where the store says so, not all) was removed
     */
    public static CheckedFolder fix(CheckedFolder folder, StoreSide side) throws StoreException {
        if (folder.identicalCopies().isEmpty()) {
            return folder;
        }
        List<String> keys = new ArrayList<>();
        List<String> places = new ArrayList<>();
        for (Map.Entry<ScannedMessage, ScannedMessage> copy : folder.identicalCopies().entrySet()) {
            keys.add(copy.getKey().key());
            places.add(copy.getKey().place() + " (a copy of " + copy.getValue().place() + ")");
        }
        side.store().delete(folder.folder(), keys);
        return folder.withRemoved(places);
    }
}
