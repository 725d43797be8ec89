package org.mailsync.store.mbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.mailsync.store.FolderInfo;
import org.mailsync.store.MailStore;
import org.mailsync.store.MailStoreContract;
import org.mailsync.store.StoreException;
import org.mailsync.store.local.LocalStore;

/**
 * The store contract for a local store of mbox folders.
 *
 * <p>An mbox folder is a file, so it cannot also be the directory of subfolders ({@code work}
 * and {@code work/projects}); c-client and Dovecot mbox folders are \NoInferiors for the same
 * reason. The contract runs its hierarchy tests through plain directories for it
 * ({@link #foldersHoldSubfolders()}), and the tests below pin the mbox-specific rules.
 */
class MboxStoreContractTest extends MailStoreContract {

    @Override
    protected boolean foldersHoldSubfolders() {
        return false;
    }

    @Override
    protected MailStore newStore(Path dir) {
        // A short settle time, so that the incremental index test reuses the snapshot without waiting long.
        MboxFormat format = new MboxFormat(MboxIncrementalIndexTest.SETTLE);
        return new LocalStore("test", dir, List.of(format), format);
    }

    @Override
    protected void letChangesSettle() throws Exception {
        MboxIncrementalIndexTest.settle();
    }

    @Test
    void nestedFoldersUnderPlainDirectoriesFollowListPatterns() throws Exception {
        store.createFolder("work/projects");
        store.createFolder("work/later");
        store.createFolder("home");
        List<FolderInfo> top = store.listFolders("%");
        List<String> all = store.listFolders("*").stream().map(FolderInfo::name).toList();
        List<String> under = store.listFolders("work/%").stream().map(FolderInfo::name).toList();
        assertThat(top).contains(new FolderInfo("work", false), new FolderInfo("home", true));
        assertThat(top).extracting(FolderInfo::name).doesNotContain("work/projects");
        assertThat(all).contains("work", "home", "work/projects", "work/later");
        assertThat(under).containsExactly("work/later", "work/projects");
    }

    @Test
    void removedFolderIsGoneButTheOthersInItsDirectoryStay() throws Exception {
        store.createFolder("old/gone");
        store.createFolder("old/keep");
        append("old/gone", message("<r@example.org>", "r", "x\n"));
        append("old/keep", message("<q@example.org>", "q", "x\n"));
        store.removeFolder("old/gone");
        assertThat(store.exists("old/gone")).isFalse();
        assertThat(store.index("old/keep")).hasSize(1);
        assertThat(Files.isDirectory(dir.resolve("old"))).isTrue();
    }

    @Test
    void aSubfolderOfAnMboxFolderIsRefusedAndTheFolderKept() throws Exception {
        store.createFolder("work");
        append("work", message("<w@example.org>", "w", "x\n"));
        assertThatThrownBy(() -> store.createFolder("work/projects")).isInstanceOf(StoreException.class)
                .hasMessageContaining("cannot hold subfolders");
        assertThat(store.index("work")).hasSize(1);
    }

    @Test
    void aDirectoryIsNeverAnMboxFolder() throws Exception {
        Files.createDirectories(dir.resolve("plain"));
        assertThat(store.exists("plain")).isFalse();
        assertThatThrownBy(() -> store.createFolder("plain")).isInstanceOf(StoreException.class)
                .hasMessageContaining("directory");
    }
}
