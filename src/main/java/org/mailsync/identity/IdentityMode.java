package org.mailsync.identity;

/**
 * How a message's identity is computed ({@code -t}, or {@code identity} in a channel).
 */
public enum IdentityMode {
    /** The Message-ID header value, whitespace and folding removed; none without the header. */
    MSGID,
    /** The original mailsync's MD5 over Date, Subject, Message-ID, From and To. */
    MD5,
    /** The Message-ID where there is one, else a digest of the whole message. */
    AUTO
}
