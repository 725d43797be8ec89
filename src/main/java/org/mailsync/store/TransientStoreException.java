package org.mailsync.store;

/**
 * A failure that may go away if tried again: the connection dropped, the server said it is
 * busy ({@code [UNAVAILABLE]}, {@code [INUSE]}) or did not answer in time. The route set
 * redelivers the step (bounded, with back-off); if it still fails, the store is taken as
 * gone for this run and the folder pair is not committed.
 */
public class TransientStoreException extends StoreException {

    public TransientStoreException(String message, Throwable cause) {
        super(message, cause, Scope.STORE);
    }

    @Override
    public boolean isTransient() {
        return true;
    }
}
