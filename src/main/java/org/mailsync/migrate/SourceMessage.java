package org.mailsync.migrate;

import org.mailsync.store.MessageMeta;

/**
 * One message of a source folder during its migration: what indexing found, its content
 * digest once known (from the state, read for a comparison, or taken while it was copied),
 * and whether the target already had it. Only the thread of its folder touches it.
 */
public final class SourceMessage {

    private final MessageMeta meta;
    private final String messageId;
    private String digest;
    private boolean there;

    /**
     * @param meta      the message as the source indexed it
     * @param messageId its Message-ID, or "" when it has none
     */
    public SourceMessage(MessageMeta meta, String messageId) {
        this.meta = meta;
        this.messageId = messageId;
    }

    /** The message as the source indexed it. */
    public MessageMeta meta() {
        return meta;
    }

    /** Its Message-ID, or "" when it has none. */
    public String messageId() {
        return messageId;
    }

    /** Its content digest, or null while not known. */
    public String digest() {
        return digest;
    }

    void digest(String value) {
        this.digest = value;
    }

    /** Whether the target already had it before this run copied anything. */
    public boolean there() {
        return there;
    }

    void there(boolean value) {
        this.there = value;
    }

    /** What names it in messages: its Message-ID, else its key in the source folder. */
    public String shown() {
        return messageId.isEmpty() ? "key " + meta.key() : messageId;
    }

    @Override
    public String toString() {
        return "SourceMessage[" + meta.key() + ", " + shown() + "]";
    }
}
