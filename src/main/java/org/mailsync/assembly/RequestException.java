package org.mailsync.assembly;

/**
 * A request that cannot be carried out as asked: it names things the wrong way round (a store
 * where a channel is needed, a store not of the channel) or combines options that exclude each
 * other. Nothing has been changed when it is thrown.
 */
public class RequestException extends Exception {

    public RequestException(String message) {
        super(message);
    }
}
