package org.mailsync.msinfo;

import java.util.List;
import java.util.Map;

/**
 * One channel's message in the original mailsync's msinfo: for each boxname, in the order the
 * original wrote them, the identities it had seen on both sides at the end of its last sync.
 *
 * @param channel the channel name (the message's Subject)
 * @param folders boxname to identities; {@code <>} lines of id-less messages are already dropped
 */
public record LegacyChannelRecord(String channel, Map<String, List<String>> folders) {

    /** How many identities the record holds over all its folders. */
    public int messageCount() {
        return folders.values().stream().mapToInt(List::size).sum();
    }
}
