package org.mailsync.store.maildir;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailsync.store.Flag;
import org.mailsync.store.FlagChange;
import org.mailsync.store.MessageMeta;
import org.mailsync.store.local.VisibleLogLines;

/**
 * Keywords in a Maildir as Dovecot keeps them: lower-case info letters named in the folder's
 * {@code dovecot-keywords} ({@link MaildirKeywords}). Reading a file in Dovecot's format, giving
 * new keywords free letters, dropping the 27th with a warning, and leaving letters mailsync does
 * not know in file names.
 */
class MaildirKeywordLettersTest {

    @TempDir
    Path dir;

    private final MaildirFormat format = new MaildirFormat(false, Clock.systemUTC(), MaildirIncrementalIndexTest.SETTLE);
    private Path folder;

    @BeforeEach
    void createFolder() throws Exception {
        folder = dir.resolve("box");
        format.create(folder);
    }

    private String append(String id, Set<Flag> flags, Set<String> keywords) throws Exception {
        byte[] msg = ("Subject: " + id + "\nMessage-ID: <" + id + "@x>\n\nbody\n").getBytes(StandardCharsets.US_ASCII);
        return format.append(folder, new ByteArrayInputStream(msg), flags, keywords, null);
    }

    private List<String> fileNames(String sub) throws Exception {
        try (Stream<Path> files = Files.list(folder.resolve(sub))) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private String keywordsFile() throws Exception {
        return Files.readString(folder.resolve("dovecot-keywords"));
    }

    @Test
    void aFileInDovecotsFormatIsRead() throws Exception {
        // As Dovecot writes it; a line of another form and a letter without a name mean nothing.
        Files.writeString(folder.resolve("dovecot-keywords"), "0 $Forwarded\n1 Work\n3 $Junk\nnot a line\n25 zed\n");
        Files.writeString(folder.resolve("cur").resolve("1700000000.M1P2.host:2,FPSabcdz"), "Subject: s\n\nx\n");
        MessageMeta meta = format.index(folder).get(0);
        assertThat(meta.key()).isEqualTo("1700000000.M1P2.host");
        assertThat(meta.flags()).containsExactlyInAnyOrder(Flag.FLAGGED, Flag.SEEN);
        assertThat(meta.keywords()).containsExactlyInAnyOrder("$Forwarded", "Work", "$Junk", "zed");

        format.changeFlags(folder, Map.of(meta.key(), new FlagChange(EnumSet.of(Flag.ANSWERED), EnumSet.of(Flag.FLAGGED),
                Set.of("$junk"), Set.of("work", "zed"))));
        // P (passed) and c (no name) stay; letters in ASCII order.
        assertThat(fileNames("cur")).containsExactly("1700000000.M1P2.host:2,PRSacd");
        assertThat(keywordsFile()).as("no new name: not rewritten").isEqualTo("0 $Forwarded\n1 Work\n3 $Junk\nnot a line\n25 zed\n");
    }

    @Test
    void newKeywordsGetFreeLettersWrittenAsDovecotDoes() throws Exception {
        Files.writeString(folder.resolve("dovecot-keywords"), "1 work\n");
        append("a", EnumSet.of(Flag.SEEN), new LinkedHashSet<>(List.of("Work", "$Forwarded", "todo")));
        // "Work" takes the existing "work" (keywords are case-insensitive); the others the free letters.
        assertThat(keywordsFile()).isEqualTo("0 $Forwarded\n1 work\n2 todo\n");
        assertThat(fileNames("cur")).singleElement().asString().endsWith(":2,Sabc");
        assertThat(format.index(folder).get(0).keywords()).containsExactlyInAnyOrder("work", "$Forwarded", "todo");
        assertThat(folder.resolve("dovecot-keywords.lock")).doesNotExist();

        // A keyword alone puts a message in cur/ too: info is for cur/ only.
        append("b", Set.of(), Set.of("todo"));
        assertThat(fileNames("new")).isEmpty();
        assertThat(fileNames("cur")).hasSize(2).anyMatch(n -> n.endsWith(":2,c"));
    }

    @Test
    void theTwentySeventhKeywordIsDroppedWithAWarning() throws Exception {
        Set<String> many = new LinkedHashSet<>();
        for (int i = 1; i <= 27; i++) {
            many.add("k" + i);
        }
        try (VisibleLogLines log = VisibleLogLines.captureWarnings()) {
            append("a", Set.of(), many);
            assertThat(log.lines()).singleElement().asString().startsWith("Warning: ").contains(folder.toString())
                    .contains("\"k27\"");
        }
        assertThat(format.index(folder).get(0).keywords()).hasSize(26).doesNotContain("k27");
        assertThat(keywordsFile().lines()).hasSize(26);

        try (VisibleLogLines log = VisibleLogLines.captureWarnings()) {
            String key = format.index(folder).get(0).key();
            format.changeFlags(folder, Map.of(key, new FlagChange(Set.of(), Set.of(), Set.of("extra"), Set.of("k1"))));
            assertThat(log.lines()).singleElement().asString().contains("\"extra\"");
            assertThat(format.index(folder).get(0).keywords()).hasSize(25).doesNotContain("k1", "extra");
        }
    }

    @Test
    void aNewMessageMovesToCurWithItsInfoAndKeepsItsKey() throws Exception {
        String key = append("a", Set.of(), Set.of());
        assertThat(fileNames("new")).containsExactly(key);
        format.changeFlags(folder, Map.of(key, new FlagChange(Set.of(), EnumSet.of(Flag.SEEN), Set.of(), Set.of())));
        assertThat(fileNames("new")).containsExactly(key); // nothing to record: it stays new mail
        format.changeFlags(folder, Map.of(key, new FlagChange(EnumSet.of(Flag.SEEN), Set.of(), Set.of("Work"), Set.of())));
        assertThat(fileNames("new")).isEmpty();
        assertThat(fileNames("cur")).containsExactly(key + ":2,Sa");
        assertThat(format.index(folder).get(0).key()).isEqualTo(key);
    }

    @Test
    void aStaleLockOfACrashedWriterIsRemoved() throws Exception {
        Path lock = folder.resolve("dovecot-keywords.lock");
        Files.writeString(lock, "half");
        Files.setLastModifiedTime(lock, FileTime.from(Instant.now().minusSeconds(600)));
        append("a", Set.of(), Set.of("Work"));
        assertThat(keywordsFile()).isEqualTo("0 Work\n");
        assertThat(lock).doesNotExist();
    }
}
