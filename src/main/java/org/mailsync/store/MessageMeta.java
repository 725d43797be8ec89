package org.mailsync.store;

import java.time.Instant;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * What indexing a folder tells about one message, without its body.
 *
 * @param key          the store's handle for the message within its folder (a Maildir unique
 *                     name, an mbox position, an MH number, an IMAP UID); only meaningful to
 *                     the store that issued it, and only until the folder is next changed by
 *                     someone else. A store must refuse a key that no longer names the same
 *                     message rather than act on another one.
 * @param size         the message size in bytes as stored (-1 if unknown)
 * @param flags        the message's flags
 * @param internalDate the date the store received the message (IMAP INTERNALDATE, the mbox
 *                     {@code From } line date, the file's mtime), or null if unknown
 * @param header       the raw bytes of the message's header block (at least the fields
 *                     Message-ID, Date, Subject, From and To), exactly as stored, so that every
 *                     store computes identities from the same bytes; whether the closing blank
 *                     line is included does not matter to anyone reading it
 * @param keywords     the message's IMAP keywords ({@code $Forwarded}, {@code $Junk}, user
 *                     keywords), as the store spells them; empty when it has none or the store
 *                     keeps none
 */
public record MessageMeta(String key, long size, Set<Flag> flags, Instant internalDate, byte[] header,
                          Set<String> keywords) {

    public MessageMeta {
        Objects.requireNonNull(key, "key");
        flags = flags.isEmpty() ? Collections.unmodifiableSet(EnumSet.noneOf(Flag.class))
                : Collections.unmodifiableSet(EnumSet.copyOf(flags));
        header = header == null ? new byte[0] : header;
        keywords = keywords == null || keywords.isEmpty() ? Set.of()
                : Collections.unmodifiableSet(new TreeSet<>(keywords));
    }

    /** A message without keywords. */
    public MessageMeta(String key, long size, Set<Flag> flags, Instant internalDate, byte[] header) {
        this(key, size, flags, internalDate, header, Set.of());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MessageMeta m && key.equals(m.key) && size == m.size && flags.equals(m.flags)
                && Objects.equals(internalDate, m.internalDate) && Arrays.equals(header, m.header)
                && keywords.equals(m.keywords);
    }

    @Override
    public int hashCode() {
        return Objects.hash(key, size, flags, internalDate, Arrays.hashCode(header), keywords);
    }

    @Override
    public String toString() {
        return "MessageMeta[key=" + key + ", size=" + size + ", flags=" + flags + ", internalDate=" + internalDate
                + (keywords.isEmpty() ? "" : ", keywords=" + keywords) + "]";
    }
}
