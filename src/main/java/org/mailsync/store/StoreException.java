package org.mailsync.store;

/**
 * A store operation failed. The message names the store, folder and, where there is one, the
 * message concerned, so that it can be shown to the user as it is.
 */
public class StoreException extends Exception {

    public StoreException(String message) {
        super(message);
    }

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
