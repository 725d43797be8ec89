package org.mailsync.store.mbox;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.mailsync.store.FlagChange;
import org.mailsync.store.StoreException;
import org.mailsync.store.StoredFlags;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Changes the flags of mbox messages: their Status, X-Status and X-Keywords fields
 * ({@link StatusHeaders}) are replaced by ones for the new flags, at the end of the header
 * block as an append writes them, in one rewrite of the file for the whole batch
 * ({@link MboxRewrite}: a new file renamed over the old one, so its stat changes and the next
 * incremental index reads it again). Nothing else of a message changes: what
 * {@link MboxFormat#open} returns stays byte for byte the same.
 *
 * <p>The caller holds the folder's lock. Every key is checked against the file as it is under
 * the lock (self-verifying {@link MboxKey}s) before anything is written, so one stale key changes
 * nothing. A message whose Status fields already say what the change asks is left as it is,
 * and a batch that changes nothing writes nothing.
 */
final class MboxFlagChanges {

    private static final Logger LOG = LoggerFactory.getLogger(MboxFormat.class);

    private MboxFlagChanges() {
    }

    /**
     * Applies the changes to the file open as {@code ch}, {@code size} bytes long.
     *
     * @throws StoreException naming the folder and key if a key names no message of the file
     */
    static void apply(Path folder, FileChannel ch, long size, Map<String, FlagChange> changes)
            throws IOException, StoreException {
        // Only the messages to change are kept: a large file's other headers are not held.
        Map<String, MboxMessage> found = new TreeMap<>();
        MboxReader.scan(new RegionInputStream(ch, 0, size), m -> {
            if (changes.containsKey(m.key().toString())) {
                found.put(m.key().toString(), m);
            }
        });
        for (String key : changes.keySet()) {
            if (!found.containsKey(key)) {
                throw new StoreException("mbox folder " + folder + ": message " + key
                        + " is no longer there as indexed (the file was changed by another program); no flags changed");
            }
        }
        List<MboxRewrite.Splice> splices = new ArrayList<>();
        for (Map.Entry<String, MboxMessage> e : found.entrySet()) {
            MboxMessage m = e.getValue();
            StoredFlags before = new StoredFlags(m.flags(), m.keywords());
            StoredFlags after = before.apply(changes.get(e.getKey()));
            if (after.equals(before)) {
                continue;
            }
            if (m.rawHeader().length >= MboxReader.MAX_HEADER) {
                throw new StoreException("mbox folder " + folder + ": message " + e.getKey() + " has a header of more than "
                        + MboxReader.MAX_HEADER + " bytes; its flags cannot be changed");
            }
            warnUnstorable(folder, after.keywords());
            long headerStart = m.contentOffset();
            splices.add(new MboxRewrite.Splice(headerStart, headerStart + m.rawHeader().length,
                    withFlags(m.rawHeader(), after)));
        }
        if (splices.isEmpty()) {
            return;
        }
        splices.sort(Comparator.comparingLong(MboxRewrite.Splice::from));
        MboxRewrite.replacing(folder, ch, size, splices);
    }

    /**
     * A stored header block (without its closing empty line) with its flag fields, continuation
     * lines included, replaced by ones for {@code flags} at its end, in its own line ends.
     */
    static byte[] withFlags(byte[] rawHeader, StoredFlags flags) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(rawHeader.length + 64);
        String eol = "\n";
        boolean dropping = false;
        int start = 0;
        while (start < rawHeader.length) {
            int end = start;
            while (end < rawHeader.length && rawHeader[end] != '\n') {
                end++;
            }
            int next = Math.min(end + 1, rawHeader.length);
            if (start == 0 && end < rawHeader.length && end > 0 && rawHeader[end - 1] == '\r') {
                eol = "\r\n";
            }
            byte[] line = Arrays.copyOfRange(rawHeader, start, next);
            boolean continuation = line.length > 0 && (line[0] == ' ' || line[0] == '\t');
            dropping = continuation ? dropping : StatusHeaders.isStatusField(line, line.length);
            if (!dropping) {
                out.writeBytes(line);
            }
            start = next;
        }
        byte[] kept = out.toByteArray();
        if (kept.length > 0 && kept[kept.length - 1] != '\n') {
            out.writeBytes(eol.getBytes(StandardCharsets.US_ASCII)); // a last line without its end
        }
        out.writeBytes(StatusHeaders.format(flags.flags(), flags.keywords(), eol));
        return out.toByteArray();
    }

    /** Warns about the keywords X-Keywords cannot hold (white space, commas), which are dropped. */
    static void warnUnstorable(Path folder, Collection<String> keywords) {
        for (String keyword : keywords) {
            if (!StatusHeaders.storable(keyword)) {
                LOG.warn("mbox folder {}: keyword \"{}\" cannot be written in X-Keywords; dropped", folder, keyword);
            }
        }
    }
}
