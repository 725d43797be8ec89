package org.mailsync.store.imap;

import org.mailsync.store.MessageRejectedException;

/**
 * An APPEND the server refused with {@code [OVERQUOTA]} (RFC 5530): like any refused message it
 * is skipped and reported, and its size is remembered ({@link QuotaRefusals}) so that no larger
 * message is sent for nothing right after.
 */
final class OverQuotaException extends MessageRejectedException {

    private static final long serialVersionUID = 1L;

    OverQuotaException(String message, Throwable cause) {
        super(message, cause);
    }
}
