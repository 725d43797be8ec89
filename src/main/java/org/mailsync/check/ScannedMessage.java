package org.mailsync.check;

/**
 * One message as a check read it.
 *
 * @param key       the store's key, for {@code --fix-duplicates}
 * @param place     where it is, for users ({@code cur/NAME}, {@code message at byte 1234}, {@code UID 7})
 * @param digest    its {@link org.mailsync.identity.ContentDigest}, or null when it could not be read
 * @param messageId its Message-ID, or null when it has none
 * @param identity  its identity in the channel's mode (what msinfo holds), or null when it has none
 */
public record ScannedMessage(String key, String place, String digest, String messageId, String identity) {
}
