package org.mailsync.store;

/**
 * A store refused or could not take one message (too big for the server, malformed, gone
 * before it could be read): permanent, and only that message is skipped.
 */
public class MessageRejectedException extends StoreException {

    public MessageRejectedException(String message, Throwable cause) {
        super(message, cause, Scope.MESSAGE);
    }
}
