package org.mailsync.identity;

import java.util.Objects;

import org.mailsync.mail.HeaderBlock;
import org.mailsync.store.MessageMeta;

/**
 * Computes the identity mailsync tracks a message by, in one {@link IdentityMode}.
 *
 * <p>Every store computes it from the raw header bytes of {@link MessageMeta#header()}, so the
 * two sides of a channel agree on a message however they store it (LF or CRLF, 8-bit bytes).
 */
public final class MessageIdentifier {

    /** Prefix of an {@link IdentityMode#AUTO} identity made from the content digest. */
    public static final String CONTENT_PREFIX = "sha256:";

    private MessageIdentifier() {
    }

    /**
     * Whether {@link #identify} needs the message's content digest for this header: only in
     * AUTO mode for a message without a usable Message-ID, so indexing can skip reading bodies.
     */
    public static boolean needsContentDigest(IdentityMode mode, MessageMeta meta) {
        return mode == IdentityMode.AUTO && messageId(HeaderBlock.parse(meta.header())) == null;
    }

    /**
     * The message's identity, or null when it has none in this mode (such a message is
     * reported, never copied or deleted).
     *
     * @param contentDigest the message's {@link ContentDigest}; required only where
     *                      {@link #needsContentDigest} says so, may be null otherwise
     * @throws IllegalArgumentException in AUTO mode for a message without Message-ID when no
     *                                  digest is given: silently giving it no identity would
     *                                  hide an indexing bug
     */
    public static String identify(IdentityMode mode, MessageMeta meta, String contentDigest) {
        Objects.requireNonNull(mode, "mode");
        HeaderBlock header = HeaderBlock.parse(meta.header());
        return switch (mode) {
            case MSGID -> messageId(header);
            case MD5 -> LegacyMd5Identity.of(header);
            case AUTO -> {
                String id = messageId(header);
                if (id != null) {
                    yield id;
                }
                if (contentDigest == null) {
                    throw new IllegalArgumentException("AUTO identity of " + meta.key()
                            + " has no Message-ID and needs the content digest");
                }
                yield CONTENT_PREFIX + contentDigest;
            }
        };
    }

    /**
     * The MSGID identity: the first Message-ID field's value with line breaks removed and
     * surrounding whitespace trimmed, or null when that is empty or {@code <>}.
     *
     * <p>Unlike the original we do not "sanitise" the value (SEMANTICS.md, "odd Message-IDs":
     * {@code <a b@x>} becoming {@code <a.b@x>} and text after {@code >} being cut made distinct
     * ids collide and got mail expunged). {@code <>} counts as no id because the original writes
     * exactly that for an id-less message and drafts often carry it: as an identity it would make
     * unrelated messages duplicates of each other.
     */
    public static String messageId(HeaderBlock header) {
        String value = header.first("Message-ID");
        if (value == null) {
            return null;
        }
        String id = trimWsp(value.replace("\r", "").replace("\n", ""));
        return id.isEmpty() || id.equals("<>") ? null : id;
    }

    // Only RFC 5322 WSP (space, tab): String.strip() would also eat other control bytes.
    private static String trimWsp(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && (s.charAt(start) == ' ' || s.charAt(start) == '\t')) {
            start++;
        }
        while (end > start && (s.charAt(end - 1) == ' ' || s.charAt(end - 1) == '\t')) {
            end--;
        }
        return s.substring(start, end);
    }
}
