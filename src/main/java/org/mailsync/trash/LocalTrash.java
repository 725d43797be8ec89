package org.mailsync.trash;

import java.nio.file.Path;
import java.util.List;

import org.mailsync.store.MailStore;
import org.mailsync.store.StoreException;
import org.mailsync.store.local.LocalStore;
import org.mailsync.store.maildir.MaildirFormat;

/**
 * The trash of a local store: a directory of its own beside the channel's msinfo
 * ({@code <msinfo>.trash/<store>/}), holding one Maildir per folder pair (named by its boxname).
 * Maildir because a message is one file there, so that putting one in and taking it out never
 * rewrites others, whatever the format of the folder it came from (Maildir, mbox, MH).
 */
public final class LocalTrash implements SideTrash {

    private final Path dir;
    private final LocalStore bin;

    /** @param dir this side's trash directory */
    public LocalTrash(Path dir) {
        this.dir = dir.toAbsolutePath().normalize();
        MaildirFormat maildir = new MaildirFormat();
        this.bin = new LocalStore("trash", this.dir, List.of(maildir), maildir);
    }

    /** This side's trash directory beside a channel's msinfo: {@code <msinfo>.trash/<store name>}. */
    public static Path beside(Path msinfo, String storeName) {
        return msinfo.resolveSibling(msinfo.getFileName() + ".trash").resolve(storeName.replace('/', '_'));
    }

    /** The directory. */
    public Path dir() {
        return dir;
    }

    @Override
    public MailStore store(MailStore sideStore) {
        return bin;
    }

    @Override
    public String folder(MailStore sideStore, String boxname) throws StoreException {
        bin.createFolder(boxname); // nothing when it is there
        return boxname;
    }

    @Override
    public boolean isTrash(MailStore sideStore, String folder) throws StoreException {
        // Only when msinfo (and so its trash) sits inside the store's own tree.
        return sideStore instanceof LocalStore local && local.root().resolve(folder).normalize().startsWith(dir);
    }
}
