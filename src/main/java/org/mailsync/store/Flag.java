package org.mailsync.store;

/**
 * The message flags every store can carry: the IMAP system flags of RFC 3501 section 2.3.2
 * that mailsync keeps when it copies a message (\Recent is the server's, never ours).
 */
public enum Flag {
    SEEN, ANSWERED, FLAGGED, DELETED, DRAFT
}
