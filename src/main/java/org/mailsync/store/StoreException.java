package org.mailsync.store;

/**
 * A store operation failed. The message names the store, folder and, where there is one, the
 * message concerned, so that it can be shown to the user as it is.
 *
 * <p>Like mbsync's driver results ({@code DRV_MSG_BAD}, {@code DRV_BOX_BAD},
 * {@code DRV_STORE_BAD}), a failure has a {@linkplain Scope scope}, and it is either
 * permanent (this class, {@link MessageRejectedException}: trying again gives the same answer)
 * or {@linkplain TransientStoreException transient} (a dropped connection, a busy server, a
 * time-out: worth trying again). The route set's {@code onException} clauses act on the class:
 * transient failures are redelivered, permanent ones skip the message or folder pair.
 */
public class StoreException extends Exception {

    /** How much a failure spoils. */
    public enum Scope {
        /** This message only: the others can go on. */
        MESSAGE,
        /** This folder: its pair is skipped. */
        FOLDER,
        /** The whole store (e.g. its connection): nothing more can be done with it now. */
        STORE
    }

    private final Scope scope;

    public StoreException(String message) {
        this(message, null, Scope.FOLDER);
    }

    public StoreException(String message, Throwable cause) {
        this(message, cause, Scope.FOLDER);
    }

    protected StoreException(String message, Throwable cause, Scope scope) {
        super(message, cause);
        this.scope = scope;
    }

    /** How much this failure spoils. */
    public Scope scope() {
        return scope;
    }

    /** Whether trying again later may succeed. */
    public boolean isTransient() {
        return false;
    }
}
