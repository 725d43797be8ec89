package org.mailsync.store.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailsync.store.FolderInfo;
import org.mailsync.store.maildir.MaildirFormat;
import org.mailsync.store.mbox.MboxFormat;
import org.mailsync.store.mh.MhFormat;

/**
 * Dot-lock files ({@code Folder.lock}, as mailsync, c-client, procmail, mutt and Dovecot make
 * them beside an mbox file) are never taken for folders: an empty one looks like an empty mbox,
 * and listing it made a run report {@code folder "Archive.lock" skipped: no mail folder} and exit 2.
 */
class LockFilesAreNeverFoldersTest {

    @TempDir
    Path root;

    private LocalStore store() {
        return new LocalStore("local", root, List.of(new MaildirFormat(), new MhFormat(), new MboxFormat()), null);
    }

    private static void mbox(Path file) throws Exception {
        Files.createDirectories(file.getParent());
        Files.writeString(file, "From a@b Mon Mar  2 10:00:00 2020\nSubject: x\n\nbody\n\n", StandardCharsets.US_ASCII);
    }

    @Test
    void lockFilesOfAnyProgramAreNotListed() throws Exception {
        mbox(root.resolve("Archive"));
        Files.createFile(root.resolve("Archive.lock")); // c-client, procmail, mutt: empty
        mbox(root.resolve("Sent"));
        Files.writeString(root.resolve("Sent.lock"), "4242:otherhost"); // Dovecot
        Files.writeString(root.resolve("Drafts.lock"), "4242 otherhost 2024-01-01T00:00:00Z\n"); // ours, its mbox gone
        mbox(root.resolve("lists/devel"));
        Files.createFile(root.resolve("lists/devel.lock"));

        assertThat(store().listFolders("*")).extracting(FolderInfo::name)
                .containsExactlyInAnyOrder("Archive", "Sent", "lists", "lists/devel");
        assertThat(store().exists("Archive")).isTrue();
    }

    @Test
    void theOwnerLineScratchOfAKilledLockerIsHiddenAndRemovedByTheNextLock() throws Exception {
        mbox(root.resolve("Archive"));
        long dead = deadPid();
        // what a mailsync killed between writing its owner line and linking it into place leaves
        Path leftover = Files.writeString(root.resolve(".Archive.lock." + dead + "-16.new"), dead + " host x\n");
        Path live = Files.writeString(root.resolve(".Archive.lock." + ProcessHandle.current().pid() + "-99.new"), "mine\n");
        assertThat(store().listFolders("*")).extracting(FolderInfo::name).containsExactly("Archive");

        try (DotLock lock = DotLock.acquire(root.resolve("Archive.lock"), "mbox folder Archive", java.time.Duration.ZERO,
                null, new GivenUpLocks())) {
            assertThat(leftover).doesNotExist();
            assertThat(live).as("a running process's scratch").exists();
        }
    }

    private static long deadPid() throws Exception {
        Process p = new ProcessBuilder("true").start();
        p.waitFor();
        return p.pid();
    }

    @Test
    void aMaildirWhoseNameEndsInLockIsStillAFolder() throws Exception {
        for (String sub : List.of("cur", "new", "tmp")) {
            Files.createDirectories(root.resolve("Old.lock").resolve(sub));
        }
        assertThat(store().listFolders("*")).extracting(FolderInfo::name).containsExactly("Old.lock");
    }

    @Test
    void aLockFileDoesNotDecideTheFormatOfANewFolder() throws Exception {
        Files.createFile(root.resolve("Gone.lock")); // left beside an mbox that was removed since

        store().createFolder("Fresh");

        assertThat(root.resolve("Fresh")).isDirectory(); // a Maildir, the default, not an mbox file
        assertThat(new MaildirFormat().isFolder(root.resolve("Fresh"))).isTrue();
    }
}
