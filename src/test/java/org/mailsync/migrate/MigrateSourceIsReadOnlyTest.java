package org.mailsync.migrate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailsync.store.Flag;
import org.mailsync.store.FlagChange;
import org.mailsync.store.MessageMeta;
import org.mailsync.store.StoreException;
import org.mailsync.store.local.LocalStore;
import org.mailsync.store.maildir.MaildirFormat;
import org.mailsync.store.maildir.MaildirPlusPlusStore;
import org.mailsync.testkit.MailFolders;

/**
 * The source of a migration cannot be changed through {@link ReadOnlyStore}: every change is
 * refused before the store is asked, and indexing a local folder does not even tidy it (a
 * stale {@code tmp/} file a sync's index would remove stays).
 */
class MigrateSourceIsReadOnlyTest {

    @TempDir
    Path root;

    @Test
    void everyChangeIsRefusedAndNothingOnDiskChanges() throws Exception {
        MailFolders.maildir(root.resolve("INBOX"), "a", "b");
        Path stale = Files.writeString(root.resolve("INBOX/tmp/1500000000.M1P1.host"), "half delivered");
        Files.setLastModifiedTime(stale, FileTime.from(Instant.now().minus(10, ChronoUnit.DAYS)));
        Map<String, String> before = MailFolders.snapshot(root);
        try (ReadOnlyStore store = new ReadOnlyStore(
                new LocalStore("src", root, List.of(new MaildirFormat()), new MaildirFormat()))) {
            List<MessageMeta> metas = store.index("INBOX");
            assertThat(metas).hasSize(2);
            try (var in = store.open("INBOX", metas.get(0).key())) {
                assertThat(in.readAllBytes()).isNotEmpty();
            }
            String key = metas.get(0).key();
            assertThatThrownBy(() -> store.append("INBOX", new ByteArrayInputStream("x".getBytes(StandardCharsets.UTF_8)),
                    Set.of(), null)).isInstanceOf(StoreException.class).hasMessageContaining("read-only source");
            assertThatThrownBy(() -> store.append("INBOX", new ByteArrayInputStream(new byte[0]), Set.of(), Set.of("k"), null))
                    .isInstanceOf(StoreException.class);
            assertThatThrownBy(() -> store.delete("INBOX", List.of(key))).isInstanceOf(StoreException.class);
            assertThatThrownBy(() -> store.changeFlags("INBOX", Map.of(key, new FlagChange(Set.of(Flag.FLAGGED), Set.of(),
                    Set.of(), Set.of())))).isInstanceOf(StoreException.class);
            assertThatThrownBy(() -> store.move("INBOX", metas, "Trash")).isInstanceOf(StoreException.class);
            assertThatThrownBy(() -> store.createFolder("new")).isInstanceOf(StoreException.class);
            assertThatThrownBy(() -> store.removeFolder("INBOX")).isInstanceOf(StoreException.class);
        }
        assertThat(MailFolders.snapshot(root)).isEqualTo(before);
    }

    @Test
    void aMaildirPlusPlusSourceIsNotTidiedEither() throws Exception {
        MailFolders.maildir(root, "a");
        MailFolders.maildir(root.resolve(".work.sub"), "b", "c");
        Path stale = Files.writeString(root.resolve(".work.sub/tmp/1500000000.M1P1.host"), "half delivered");
        Files.setLastModifiedTime(stale, FileTime.from(Instant.now().minus(10, ChronoUnit.DAYS)));
        Map<String, String> before = MailFolders.snapshot(root);
        try (ReadOnlyStore store = new ReadOnlyStore(new MaildirPlusPlusStore("src", root))) {
            assertThat(store.index("INBOX")).hasSize(1);
            List<MessageMeta> sub = store.index("work.sub");
            assertThat(sub).hasSize(2);
            try (var in = store.open("work.sub", sub.get(1).key())) {
                assertThat(in.readAllBytes()).isNotEmpty();
            }
            assertThatThrownBy(() -> store.index("nothing")).isInstanceOf(StoreException.class);
        }
        assertThat(MailFolders.snapshot(root)).isEqualTo(before);
    }
}
