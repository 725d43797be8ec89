package org.mailsync.store.mbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.mailsync.store.FolderInfo;
import org.mailsync.store.MailStore;
import org.mailsync.store.MailStoreContract;
import org.mailsync.store.StoreException;
import org.mailsync.store.local.LocalStore;

/**
 * The store contract for a local store of mbox folders.
 *
 * <p>Two contract tests are skipped, visibly, by {@link MboxFoldersHaveNoChildren}: they make
 * one name both a folder with messages and the parent of another folder ({@code work} and
 * {@code work/projects}). In the nested layout an mbox folder is a file, and a path cannot be a
 * file and a directory at once; c-client and Dovecot mbox folders are \NoInferiors for the same
 * reason. Thunderbird-style {@code work.sbd/} directories would need {@code LocalStore} to map
 * names to paths per format. The tests below check the same behaviour where mbox can have it:
 * hierarchy through plain directories, and removal keeping the rest of a directory.
 */
@ExtendWith(MboxStoreContractTest.MboxFoldersHaveNoChildren.class)
class MboxStoreContractTest extends MailStoreContract {

    @Override
    protected MailStore newStore(Path dir) {
        return new LocalStore("test", dir, List.of(new MboxFormat()), new MboxFormat());
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

    /** Skips, with the reason shown in the report, the contract tests mbox cannot meet (see above). */
    static final class MboxFoldersHaveNoChildren implements ExecutionCondition {

        private static final Set<String> UNFIT = Set.of("nestedFoldersFollowListPatterns",
                "removedFolderIsGoneButItsSubfoldersStay");

        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            return context.getTestMethod().filter(m -> UNFIT.contains(m.getName()))
                    .map(m -> ConditionEvaluationResult.disabled("an mbox folder is a file and cannot also be the "
                            + "directory of subfolders; see MboxStoreContractTest's javadoc and its replacement tests"))
                    .orElse(ConditionEvaluationResult.enabled("mbox can meet this contract test"));
        }
    }
}
