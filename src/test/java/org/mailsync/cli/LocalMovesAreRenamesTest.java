package org.mailsync.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mailsync.cli.MailTree.maildir;
import static org.mailsync.cli.MailTree.maildirIds;
import static org.mailsync.cli.MailTree.mboxIds;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Move detection between local stores, end to end: a message moved between folders of one
 * store is moved the same way in the other — a Maildir file is renamed (the same file, not a
 * new one), an mbox message is rewritten from one file into the other within that store — and
 * nothing goes to the trash; in both directions of the channel and for both orders of the pairs.
 */
class LocalMovesAreRenamesTest {

    @TempDir
    Path home;

    @Test
    void aMessageMovedInOneMaildirIsRenamedInTheOther() throws Exception {
        config("");
        maildir(home.resolve("Mail/INBOX"), "i1", "i2");
        maildir(home.resolve("Mail/Archive"), "a1");
        sync();
        Path before = file(home.resolve("Backup/INBOX"), "i2");

        // One pair after another: Archive's pair (first in folder order) moves it out of INBOX,
        // and INBOX's pair then finds it gone on both sides. (Side by side, INBOX's pair may
        // delete it into the trash first; then Archive's takes it from there: the next test.)
        moveFile(home.resolve("Mail"), "i2", "INBOX", "Archive");
        CliRun run = CliRun.run(home, "--parallel", "1", "backup");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).doesNotContain("deleted");
        assertThat(maildirIds(home.resolve("Backup/INBOX"))).containsExactly("i1");
        assertThat(maildirIds(home.resolve("Backup/Archive"))).containsExactlyInAnyOrder("a1", "i2");
        assertThat(uniqueName(file(home.resolve("Backup/Archive"), "i2"))).as("the same file, renamed")
                .isEqualTo(uniqueName(before));
        assertThat(trashFiles()).isEmpty();
        assertSettled();
    }

    @Test
    void aMessageMovedTowardsAnEarlierFolderOneAfterAnotherComesBackOutOfTheTrash() throws Exception {
        config("");
        maildir(home.resolve("Mail/INBOX"), "i1");
        maildir(home.resolve("Mail/Archive"), "a1", "a2");
        sync();

        // Backup's Archive pair runs first: it trashes a2 there, and INBOX's pair takes it back.
        moveFile(home.resolve("Backup"), "a2", "Archive", "INBOX");
        CliRun run = CliRun.run(home, "--parallel", "1", "backup");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(maildirIds(home.resolve("Mail/Archive"))).containsExactly("a1");
        assertThat(maildirIds(home.resolve("Mail/INBOX"))).containsExactlyInAnyOrder("i1", "a2");
        assertThat(trashFiles()).as("taken back out of the trash").isEmpty();
        assertThat(CliRun.run(home, "undo", "-s", "backup").out()).doesNotContain("a2");
        assertSettled();
    }

    @Test
    void aMessageMovedInTheMaildirIsMovedBetweenTheMboxFiles() throws Exception {
        config("format mbox");
        maildir(home.resolve("Mail/INBOX"), "i1", "i2", "i3");
        maildir(home.resolve("Mail/Archive"), "a1");
        sync();

        moveFile(home.resolve("Mail"), "i3", "INBOX", "Archive");
        sync();

        assertThat(mboxIds(home.resolve("Backup/INBOX"))).containsExactly("i1", "i2");
        assertThat(mboxIds(home.resolve("Backup/Archive"))).containsExactlyInAnyOrder("a1", "i3");
        assertThat(trashFiles()).isEmpty();
        assertSettled();
    }

    // ------------------------------------------------------------------ helpers

    private void config(String backupKeys) throws IOException {
        Files.writeString(home.resolve(".mailsync"), """
                store laptop { pat Mail/%    prefix Mail/ }
                store spare  { pat Backup/%  prefix Backup/  KEYS }
                channel backup laptop spare { msinfo .msinfo }
                """.replace("KEYS", backupKeys));
        Files.createDirectories(home.resolve("Backup"));
    }

    private CliRun sync() throws Exception {
        CliRun run = CliRun.run(home, "backup");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        Thread.sleep(100); // past the settle time of the files the run wrote
        return run;
    }

    private void assertSettled() throws Exception {
        Thread.sleep(100);
        CliRun again = CliRun.run(home, "-m", "backup");
        assertThat(again.exitCode()).as(again.toString()).isZero();
        assertThat(again.out()).as(again.toString()).doesNotContain("copied").doesNotContain("deleted");
    }

    private static void moveFile(Path root, String id, String from, String to) throws IOException, InterruptedException {
        Path file = file(root.resolve(from), id);
        Files.move(file, root.resolve(to).resolve("cur").resolve(file.getFileName()));
        Thread.sleep(100);
    }

    private static Path file(Path maildir, String id) throws IOException {
        for (String sub : List.of("cur", "new")) {
            try (Stream<Path> files = Files.list(maildir.resolve(sub))) {
                for (Path f : files.toList()) {
                    if (Files.readString(f, StandardCharsets.ISO_8859_1).contains("Message-ID: <" + id + "@example.org>")) {
                        return f;
                    }
                }
            }
        }
        throw new AssertionError("no message " + id + " in " + maildir);
    }

    private static String uniqueName(Path f) {
        String name = f.getFileName().toString();
        int colon = name.indexOf(':');
        return colon < 0 ? name : name.substring(0, colon);
    }

    private List<Path> trashFiles() throws IOException {
        Path trash = home.resolve(".msinfo.trash");
        List<Path> out = new ArrayList<>();
        if (Files.exists(trash)) {
            try (Stream<Path> files = Files.walk(trash)) {
                files.filter(Files::isRegularFile).filter(f -> f.getParent().getFileName().toString().equals("cur")
                        || f.getParent().getFileName().toString().equals("new")).forEach(out::add);
            }
        }
        return out;
    }
}
