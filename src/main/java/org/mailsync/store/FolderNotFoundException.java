package org.mailsync.store;

/**
 * The folder asked for does not exist. Callers must treat it as "cannot tell", never as an
 * empty folder: reading a vanished folder as empty would delete its pair's mail.
 */
public class FolderNotFoundException extends StoreException {

    public FolderNotFoundException(String message) {
        super(message);
    }
}
