package org.mailsync.store.mh;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailsync.store.Flag;
import org.mailsync.store.FlagChange;
import org.mailsync.store.MessageMeta;
import org.mailsync.store.local.VisibleLogLines;

/**
 * Keywords in an MH folder as sequences of their own names ({@link MhFlags}): a user's own
 * sequences read as keywords, names nmh would refuse dropped with a warning, and the sequences
 * mailsync does not change kept byte for byte.
 */
class MhKeywordSequencesTest {

    @TempDir
    Path dir;

    private final MhFormat format = new MhFormat(MhIncrementalIndexTest.SETTLE);
    private Path folder;

    @BeforeEach
    void createFolder() throws Exception {
        folder = dir.resolve("box");
        format.create(folder);
    }

    private String sequences() throws Exception {
        return Files.readString(folder.resolve(".mh_sequences"), StandardCharsets.ISO_8859_1);
    }

    private String append(Set<Flag> flags, Set<String> keywords) throws Exception {
        return format.append(folder, new ByteArrayInputStream("Subject: s\n\nx\n".getBytes(StandardCharsets.US_ASCII)),
                flags, keywords, null);
    }

    @Test
    void aUsersOwnSequencesAreKeywordsButNotTheFlagsOrPositions() throws Exception {
        Files.writeString(folder.resolve("1"), "Subject: one\n\nx\n");
        Files.writeString(folder.resolve("2"), "Subject: two\n\nx\n");
        Files.writeString(folder.resolve(".mh_sequences"), "cur: 1\nunseen: 2\nflagged: 1\ntodo: 1-2\nWork: 2\nall: 1\nodd-name: 1\n");
        List<MessageMeta> index = format.index(folder);
        assertThat(index.get(0).flags()).containsExactlyInAnyOrder(Flag.SEEN, Flag.FLAGGED);
        assertThat(index.get(0).keywords()).containsExactly("todo");
        assertThat(index.get(1).flags()).isEmpty();
        assertThat(index.get(1).keywords()).containsExactlyInAnyOrder("todo", "Work");
    }

    @Test
    void keywordsBecomeSequencesAndOthersStayAsTheyWere() throws Exception {
        Files.writeString(folder.resolve(".mh_sequences"), "cur: 5\npseq: 3-5\n  7\nwork: 9\n");
        try (VisibleLogLines log = VisibleLogLines.captureWarnings()) {
            append(EnumSet.of(Flag.SEEN), new LinkedHashSet<>(List.of("Work", "Later", "$Forwarded", "unseen")));
            assertThat(log.lines()).hasSize(2).anyMatch(l -> l.contains("\"$Forwarded\"")).anyMatch(l -> l.contains("\"unseen\""))
                    .allMatch(l -> l.startsWith("Warning: ") && l.contains(folder.toString()));
        }
        // "Work" joins the existing "work" rather than starting a second spelling.
        assertThat(sequences()).isEqualTo("cur: 5\npseq: 3-5\n  7\nwork: 1 9\nLater: 1\n");
        MessageMeta meta = format.index(folder).get(0);
        assertThat(meta.flags()).containsExactly(Flag.SEEN);
        assertThat(meta.keywords()).containsExactlyInAnyOrder("work", "Later");

        format.changeFlags(folder, Map.of(meta.key(), new FlagChange(EnumSet.of(Flag.FLAGGED), EnumSet.of(Flag.SEEN),
                Set.of("todo"), Set.of("LATER", "work"))));
        assertThat(sequences()).isEqualTo("cur: 5\npseq: 3-5\n  7\nwork: 9\nunseen: 1\nflagged: 1\ntodo: 1\n");
    }
}
