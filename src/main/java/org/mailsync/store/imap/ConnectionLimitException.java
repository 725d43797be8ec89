package org.mailsync.store.imap;

import jakarta.mail.MessagingException;

/**
 * A connection was not opened because the {@link ServerConnectionLimit} of its server had no
 * permit for it: either none was free at once for a further connection of a run
 * ({@link #busy()}: the run goes on with the connections it has), or none became free within
 * the wait (the message names the server and the limit). Nothing was sent to the server.
 */
public final class ConnectionLimitException extends MessagingException {

    private static final long serialVersionUID = 1L;

    private final boolean busy;

    ConnectionLimitException(String message, boolean busy) {
        super(message);
        this.busy = busy;
    }

    /** Whether this was a further connection asked for without waiting (not a wait that timed out). */
    public boolean busy() {
        return busy;
    }
}
