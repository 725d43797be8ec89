package org.mailsync.store.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.mailsync.mail.HeaderBlock;
import org.mailsync.store.Flag;
import org.mailsync.store.MessageMeta;

/**
 * What an incremental index must have in common with a plain one
 * ({@link org.mailsync.store.MailStore#index(String, org.mailsync.store.FolderSnapshot)}): the
 * same messages in the same order with the same key, size, flags, keywords and internal date, and the
 * same essential header fields, the only ones identities and reports read. The header bytes
 * themselves may differ, as a snapshot keeps only {@link HeaderBlock#essentials}.
 */
public final class EquivalentIndexes {

    /** One message as far as an incremental index must agree with a plain one. */
    public record View(String key, long size, Set<Flag> flags, Set<String> keywords, Instant internalDate,
                       Map<String, List<String>> fields) {
    }

    private EquivalentIndexes() {
    }

    /** The view of one message: its essential fields by name, every occurrence, unfolded. */
    public static View view(MessageMeta meta) {
        HeaderBlock header = HeaderBlock.parse(meta.header());
        Map<String, List<String>> fields = new LinkedHashMap<>();
        for (String name : HeaderBlock.ESSENTIAL_FIELDS) {
            fields.put(name, header.all(name));
        }
        return new View(meta.key(), meta.size(), meta.flags(), meta.keywords(), meta.internalDate(), fields);
    }

    /** The views of an index, in its order. */
    public static List<View> views(List<MessageMeta> index) {
        List<View> views = new ArrayList<>(index.size());
        for (MessageMeta meta : index) {
            views.add(view(meta));
        }
        return views;
    }

    /** Asserts that {@code incremental} lists exactly what {@code full} does, in the sense above. */
    public static void assertEquivalent(List<MessageMeta> incremental, List<MessageMeta> full) {
        assertThat(views(incremental)).as("incremental index against a full one").containsExactlyElementsOf(views(full));
    }
}
