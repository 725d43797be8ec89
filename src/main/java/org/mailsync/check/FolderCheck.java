package org.mailsync.check;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import org.mailsync.identity.IdentityMode;
import org.mailsync.job.StoreSide;
import org.mailsync.store.MessageMeta;
import org.mailsync.store.StoreException;
import org.mailsync.store.local.LocalStore;

/**
 * Checks one folder of one store: its structure on disk (local stores, by the folder's format),
 * then its messages ({@link MessageScan}), then its duplicates ({@link Duplicates}). Reads only:
 * a local folder through {@link LocalStore#examine}, an IMAP folder through its index (EXAMINE).
 */
public final class FolderCheck {

    private static final Map<String, FolderStructure> STRUCTURES = Map.of("maildir", new MaildirStructure(),
            "mbox", new MboxStructure(), "mh", new MhStructure());

    private final MessageScan scan;

    /** @param identity how the channel identifies messages, {@link IdentityMode#MSGID} for a store */
    public FolderCheck(IdentityMode identity) {
        this.scan = new MessageScan(identity);
    }

    /**
     * Checks a folder.
     *
     * @throws StoreException the folder cannot be listed or indexed at all
     * @throws IOException    its files cannot be listed
     */
    public CheckedFolder check(StoreSide side, String folder, String boxname) throws StoreException, IOException {
        List<Finding> findings = new ArrayList<>();
        List<MessageMeta> metas;
        UnaryOperator<String> place = FolderCheck::uid;
        boolean open = true;
        if (side.store() instanceof LocalStore local) {
            metas = local.examine(folder);
            FolderStructure structure = STRUCTURES.get(local.formatName(folder));
            if (structure != null) {
                FolderStructure.Result result = structure.check(local.root().resolve(folder), metas);
                findings.addAll(result.findings());
                place = result.place();
                open = result.messagesSafeToOpen();
            } else {
                place = key -> "message " + key;
            }
        } else {
            metas = side.store().index(folder);
        }
        List<ScannedMessage> messages = scan.scan(side.store(), folder, metas, place, open, findings);
        Duplicates duplicates = Duplicates.of(messages);
        findings.addAll(duplicates.findings());
        return new CheckedFolder(side.name(), boxname, folder, messages, findings, duplicates.identicalCopies(), List.of());
    }

    /** An IMAP key ({@code UIDVALIDITY:UID}) as users see it in a client. */
    private static String uid(String key) {
        int colon = key.indexOf(':');
        return "UID " + (colon >= 0 ? key.substring(colon + 1) : key);
    }
}
