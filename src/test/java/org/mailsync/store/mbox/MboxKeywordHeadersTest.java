package org.mailsync.store.mbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailsync.store.Flag;
import org.mailsync.store.FlagChange;
import org.mailsync.store.MessageMeta;
import org.mailsync.store.local.VisibleLogLines;

/**
 * Keywords in an mbox file's {@code X-Keywords:} field, space- or comma-separated as Dovecot and
 * MUAs write it, and flag changes as rewrites of the Status fields only: the rest of the header
 * keeps its bytes and line ends, and a batch is one rewrite of the file, or none when nothing changes.
 */
class MboxKeywordHeadersTest {

    @TempDir
    Path dir;

    private final MboxFormat format = new MboxFormat(MboxIncrementalIndexTest.SETTLE);

    private Path mbox(String content) throws Exception {
        Path file = dir.resolve("box");
        Files.writeString(file, content, StandardCharsets.ISO_8859_1);
        return file;
    }

    private byte[] read(Path folder, String key) throws Exception {
        try (InputStream in = format.open(folder, key)) {
            return in.readAllBytes();
        }
    }

    @Test
    void keywordsAreReadFromEveryFormOfTheField() throws Exception {
        Path box = mbox("From a@x Mon Mar  2 10:00:00 2020\nSubject: one\nX-Keywords: $Forwarded Work\nStatus: RO\n\nbody\n\n"
                + "From a@x Mon Mar  2 10:00:00 2020\nSubject: two\nx-keywords: $Junk,todo, Later\n\tmore\n\nbody\n\n"
                + "From a@x Mon Mar  2 10:00:00 2020\nSubject: three\nX-Keywords:\n\nbody\n");
        List<MessageMeta> index = format.index(box);
        assertThat(index.get(0).keywords()).containsExactlyInAnyOrder("$Forwarded", "Work");
        assertThat(index.get(0).flags()).containsExactly(Flag.SEEN);
        assertThat(index.get(1).keywords()).containsExactlyInAnyOrder("$Junk", "todo", "Later", "more");
        assertThat(index.get(2).keywords()).isEmpty();
        // Like Status, the field is the file's flag storage, not part of the message.
        assertThat(new String(read(box, index.get(1).key()), StandardCharsets.ISO_8859_1)).isEqualTo("Subject: two\n\nbody\n");
        assertThat(new String(index.get(0).header(), StandardCharsets.ISO_8859_1)).doesNotContain("X-Keywords");
    }

    @Test
    void aChangeRewritesOnlyTheFlagFieldsInTheMessagesLineEnds() throws Exception {
        Path box = mbox("From a@x Mon Mar  2 10:00:00 2020\r\nSubject: crlf\r\nX-Keywords: old\r\nTo: b@x\r\n\r\nbody\r\n\r\n"
                + "From a@x Mon Mar  2 10:00:00 2020\nSubject: lf\nStatus: RO\n\nbody\n");
        List<MessageMeta> index = format.index(box);
        Map<String, FlagChange> batch = new LinkedHashMap<>();
        batch.put(index.get(0).key(), new FlagChange(EnumSet.of(Flag.FLAGGED), Set.of(), Set.of("Work"), Set.of("old")));
        batch.put(index.get(1).key(), new FlagChange(EnumSet.of(Flag.ANSWERED), EnumSet.of(Flag.SEEN), Set.of(), Set.of()));
        format.changeFlags(box, batch);
        assertThat(Files.readString(box, StandardCharsets.ISO_8859_1)).isEqualTo(
                "From a@x Mon Mar  2 10:00:00 2020\r\nSubject: crlf\r\nTo: b@x\r\nX-Status: F\r\nX-Keywords: Work\r\n\r\nbody\r\n\r\n"
                + "From a@x Mon Mar  2 10:00:00 2020\nSubject: lf\nX-Status: A\n\nbody\n");
    }

    @Test
    void aBatchThatChangesNothingWritesNothing() throws Exception {
        Path box = mbox("From a@x Mon Mar  2 10:00:00 2020\nSubject: s\nStatus: RO\nX-Keywords: Work\n\nbody\n");
        Object inode = Files.readAttributes(box, java.nio.file.attribute.BasicFileAttributes.class).fileKey();
        String key = format.index(box).get(0).key();
        format.changeFlags(box, Map.of(key, new FlagChange(EnumSet.of(Flag.SEEN), Set.of(), Set.of("work"), Set.of("other"))));
        assertThat(Files.readAttributes(box, java.nio.file.attribute.BasicFileAttributes.class).fileKey()).isEqualTo(inode);
        assertThat(format.index(box).get(0).key()).isEqualTo(key);
    }

    @Test
    void aKeywordTheFieldCannotHoldIsDroppedWithAWarning() throws Exception {
        Path box = mbox("");
        try (VisibleLogLines log = VisibleLogLines.captureWarnings()) {
            format.append(box, new ByteArrayInputStream("Subject: s\n\nx\n".getBytes(StandardCharsets.US_ASCII)), Set.of(),
                    Set.of("Work", "a,b", "two words"), null);
            assertThat(log.lines()).hasSize(2).allMatch(l -> l.startsWith("Warning: ") && l.contains(box.toString()));
        }
        assertThat(format.index(box).get(0).keywords()).containsExactly("Work");
    }
}
