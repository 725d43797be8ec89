package org.mailsync.check;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

import org.mailsync.identity.ContentDigest;
import org.mailsync.identity.IdentityMode;
import org.mailsync.identity.MessageIdentifier;
import org.mailsync.mail.HeaderBlock;
import org.mailsync.store.MailStore;
import org.mailsync.store.MessageMeta;
import org.mailsync.store.StoreException;

/**
 * Reads every message of a folder through its store and judges it: unreadable (the store
 * cannot hand over its bytes), malformed (no header, or a header line that is neither a field
 * nor the continuation of one, RFC 5322 section 2.2), without Message-ID. Each message's
 * content digest is what duplicates are found by.
 */
public final class MessageScan {

    private final IdentityMode identity;

    /** @param identity how the channel identifies messages (for a store check: {@link IdentityMode#MSGID}) */
    public MessageScan(IdentityMode identity) {
        this.identity = identity;
    }

    /**
     * Scans the messages.
     *
     * @param store    the store, read only (EXAMINE and BODY.PEEK on IMAP)
     * @param folder   the folder's native name
     * @param messages the folder's messages as indexed, in folder order
     * @param place    names a message by its key for users
     * @param open     whether the messages may be opened; when not, they are judged by their
     *                 headers alone and have no digest
     * @param findings where problems go
     */
    public List<ScannedMessage> scan(MailStore store, String folder, List<MessageMeta> messages, UnaryOperator<String> place,
                                     boolean open, List<Finding> findings) {
        List<ScannedMessage> scanned = new ArrayList<>(messages.size());
        for (MessageMeta meta : messages) {
            String where = place.apply(meta.key());
            String malformed = malformed(meta.header());
            if (malformed != null) {
                findings.add(Finding.problem(where, "malformed: " + malformed));
            }
            String messageId = MessageIdentifier.messageId(HeaderBlock.parse(meta.header()));
            if (messageId == null) {
                findings.add(Finding.problem(where, "no Message-ID: a sync in msgid mode never copies it (-t auto does)"));
            }
            String digest = null;
            if (open) {
                try (InputStream in = store.open(folder, meta.key())) {
                    digest = ContentDigest.of(in);
                } catch (StoreException | IOException | RuntimeException e) {
                    findings.add(Finding.problem(where, "unreadable: " + e.getMessage()));
                }
            }
            scanned.add(new ScannedMessage(meta.key(), where, digest, messageId, identity(meta, digest)));
        }
        return scanned;
    }

    private String identity(MessageMeta meta, String digest) {
        if (digest == null && MessageIdentifier.needsContentDigest(identity, meta)) {
            return null;
        }
        return MessageIdentifier.identify(identity, meta, digest);
    }

    /** What is wrong with a header block, or null. */
    static String malformed(byte[] header) {
        String text = new String(header, StandardCharsets.ISO_8859_1);
        if (text.isBlank()) {
            return "it has no header";
        }
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (line.isEmpty()) {
                break; // the end of the header block, where a store keeps it
            }
            boolean continuation = line.charAt(0) == ' ' || line.charAt(0) == '\t';
            if (continuation ? i == 0 : !isField(line)) {
                return "header line " + (i + 1) + " is neither a field nor the continuation of one: \""
                        + abbreviated(line) + "\"";
            }
        }
        return null;
    }

    /** RFC 5322 section 2.2: a field name of printable US-ASCII but the colon, then a colon. */
    private static boolean isField(String line) {
        int colon = line.indexOf(':');
        if (colon <= 0) {
            return false;
        }
        String name = line.substring(0, colon).stripTrailing(); // "Subject :" is obsolete syntax, still a field
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c <= 32 || c >= 127) {
                return false;
            }
        }
        return !name.isEmpty();
    }

    private static String abbreviated(String line) {
        return line.length() <= 60 ? line : line.substring(0, 57) + "...";
    }
}
