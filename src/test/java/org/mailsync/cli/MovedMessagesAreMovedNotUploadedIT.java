package org.mailsync.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mailsync.cli.MailTree.maildir;
import static org.mailsync.cli.MailTree.maildirIds;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.mailsync.store.Flag;
import org.mailsync.store.MailStore;
import org.mailsync.store.imap.DovecotExtension;
import org.mailsync.store.imap.ImapStore;

/**
 * Move detection against a real Dovecot (issue: flags, moves and deletions): a message moved
 * between folders on one side is moved the same way on the other side — {@code UID MOVE} on the
 * server, a rename in the Maildir — and never uploaded again: the protocol log of that run holds
 * no APPEND. Both orders of the folder pairs are covered (the pair the message came to runs
 * first and moves it out of the other folder; or the pair it left runs first and deletes it into
 * the trash, from which the other pair takes it back), as are a move plus a flag change, a copy
 * that is not a move, and a run that fails after the move before its msinfo commit.
 */
class MovedMessagesAreMovedNotUploadedIT {

    @RegisterExtension
    static final DovecotExtension DOVECOT = DovecotExtension.own(String.join("\n",
            "namespace inbox {",
            "  inbox = yes",
            "  mailbox Deleted {",
            "    special_use = \\Trash",
            "  }",
            "}"));

    @TempDir
    Path home;

    String user;

    @BeforeEach
    void syncedInboxAndArchive() throws Exception {
        user = DOVECOT.newUser();
        DOVECOT.channelConfig(user).writeTo(home.resolve(".mailsync"));
        maildir(home.resolve("Mail/INBOX"), "i1", "i2", "i3");
        maildir(home.resolve("Mail/Archive"), "a1");
        try (ImapStore server = server()) {
            server.createFolder("Deleted"); // the \Trash of this server, as its config says
        }
        sync();
        sync();
    }

    @Test
    void aMessageMovedLocallyIsMovedOnTheServerWithoutAnAppend() throws Exception {
        moveLocally("i2", "INBOX", "Archive");

        CliRun run = CliRun.run(home, "-di", "sync");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        List<String> commands = CliRun.imapCommands(run.log());
        assertThat(commands).as(run.log()).noneMatch(c -> c.startsWith("APPEND")).anyMatch(c -> c.startsWith("UID MOVE"));
        try (ImapStore server = server()) {
            assertThat(ids(server, "INBOX")).containsExactlyInAnyOrder("i1", "i3");
            assertThat(ids(server, "Archive")).containsExactlyInAnyOrder("a1", "i2");
            assertThat(ids(server, "Deleted")).doesNotContain("i2");
        }
        assertSettled();
    }

    @Test
    void aMessageMovedIntoAnEarlierPairsFolderIsTakenBackFromTheTrash() throws Exception {
        // Archive's pair runs first (folder order, one pair at a time): the message left it, so
        // that pair deletes it on the server, into the trash; INBOX's pair then takes it from there.
        moveLocally("a1", "Archive", "INBOX");

        CliRun run = CliRun.run(home, "-di", "--parallel", "1", "sync");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(CliRun.imapCommands(run.log())).as(run.log()).noneMatch(c -> c.startsWith("APPEND"));
        try (ImapStore server = server()) {
            assertThat(ids(server, "INBOX")).containsExactlyInAnyOrder("i1", "i2", "i3", "a1");
            assertThat(ids(server, "Archive")).isEmpty();
            assertThat(ids(server, "Deleted")).as("taken back out of the trash").isEmpty();
        }
        CliRun undo = CliRun.run(home, "undo", "-s", "sync");
        assertThat(undo.out()).as("undo has nothing to put back where it left").doesNotContain("a1");
        assertSettled();
    }

    @Test
    void aMessageMovedOnTheServerIsRenamedInTheMaildir() throws Exception {
        Path before = file("INBOX", "i3");
        try (ImapStore other = server()) {
            other.move("INBOX", List.of(MailTree.meta(other, "INBOX", "i3")), "Archive");
        }

        CliRun run = CliRun.run(home, "sync");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(maildirIds(home.resolve("Mail/INBOX"))).containsExactlyInAnyOrder("i1", "i2");
        assertThat(maildirIds(home.resolve("Mail/Archive"))).containsExactlyInAnyOrder("a1", "i3");
        assertThat(uniqueName(file("Archive", "i3"))).as("the same file, renamed").isEqualTo(uniqueName(before));
        assertThat(home.resolve(".msinfo.trash")).as("nothing went to the local trash")
                .satisfiesAnyOf(p -> assertThat(p).doesNotExist(), p -> assertThat(trashedIds(p)).isEmpty());
        assertSettled();
    }

    @Test
    void aMoveWithAFlagChangeArrivesWithTheFlag() throws Exception {
        moveLocally("i1", "INBOX", "Archive");
        Path moved = file("Archive", "i1");
        Files.move(moved, moved.resolveSibling(uniqueName(moved) + ":2,FS"));

        CliRun run = CliRun.run(home, "-di", "sync");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(CliRun.imapCommands(run.log())).as(run.log()).noneMatch(c -> c.startsWith("APPEND"));
        try (ImapStore server = server()) {
            assertThat(ids(server, "Archive")).containsExactlyInAnyOrder("a1", "i1");
            assertThat(MailTree.meta(server, "Archive", "i1").flags()).containsExactlyInAnyOrder(Flag.SEEN, Flag.FLAGGED);
        }
        assertSettled();
    }

    @Test
    void aMessageCopiedToAnotherFolderIsUploadedAndStaysWhereItWas() throws Exception {
        Path original = file("INBOX", "i2");
        Files.copy(original, home.resolve("Mail/Archive/cur").resolve("copy-of-i2:2,S"));

        CliRun run = CliRun.run(home, "-di", "sync");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(CliRun.imapCommands(run.log())).as(run.log()).anyMatch(c -> c.startsWith("APPEND"))
                .noneMatch(c -> c.startsWith("UID MOVE"));
        try (ImapStore server = server()) {
            assertThat(ids(server, "INBOX")).containsExactlyInAnyOrder("i1", "i2", "i3");
            assertThat(ids(server, "Archive")).containsExactlyInAnyOrder("a1", "i2");
        }
    }

    @Test
    void aRunThatFailsAfterTheMoveLosesNothingAndTheNextOneSettles() throws Exception {
        Path routes = EditedRoutes.write(home.resolve("fail-after-move"), """
                        - bean:
                            id: move-message
                            ref: messageMover
                            method: move
                """, """
                        - bean:
                            id: move-message
                            ref: messageMover
                            method: move
                        - filter:
                            id: fail-after-move
                            expression:
                              simple:
                                expression: "${exchangeProperty.mailsyncMoved} == true"
                            steps:
                              - throwException:
                                  exceptionType: java.lang.IllegalStateException
                                  message: "failed after the move"
                """);
        moveLocally("i2", "INBOX", "Archive");

        CliRun failed = CliRun.run(home, "--routes", routes.toString(), "sync");
        CliRun next = CliRun.run(home, "-m", "sync");

        assertThat(failed.exitCode()).as(failed.toString()).isEqualTo(2);
        assertThat(next.exitCode()).as(next.toString()).isZero();
        assertThat(next.out()).as(next.toString()).doesNotContain("copied").doesNotContain("deleted");
        try (ImapStore server = server()) {
            assertThat(ids(server, "INBOX")).containsExactlyInAnyOrder("i1", "i3");
            assertThat(ids(server, "Archive")).containsExactlyInAnyOrder("a1", "i2");
        }
        assertThat(maildirIds(home.resolve("Mail/INBOX"))).containsExactlyInAnyOrder("i1", "i3");
        assertThat(maildirIds(home.resolve("Mail/Archive"))).containsExactlyInAnyOrder("a1", "i2");
    }

    // ------------------------------------------------------------------ helpers

    private void sync() throws Exception {
        CliRun run = CliRun.run(home, "sync");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        Thread.sleep(100); // past the settle time of the files the run wrote
    }

    /** A further run finds nothing to copy, delete or change. */
    private void assertSettled() throws Exception {
        Thread.sleep(100);
        CliRun again = CliRun.run(home, "-m", "sync");
        assertThat(again.exitCode()).as(again.toString()).isZero();
        assertThat(again.out()).as(again.toString()).doesNotContain("copied").doesNotContain("deleted").doesNotContain("flags");
    }

    private void moveLocally(String id, String from, String to) throws IOException, InterruptedException {
        Path file = file(from, id);
        Files.move(file, home.resolve("Mail").resolve(to).resolve("cur").resolve(file.getFileName()));
        Thread.sleep(100);
    }

    /** The Maildir file of a message, by its test id. */
    private Path file(String folder, String id) throws IOException {
        for (String sub : List.of("cur", "new")) {
            try (Stream<Path> files = Files.list(home.resolve("Mail").resolve(folder).resolve(sub))) {
                for (Path f : files.toList()) {
                    if (Files.readString(f, StandardCharsets.ISO_8859_1).contains("Message-ID: <" + id + "@example.org>")) {
                        return f;
                    }
                }
            }
        }
        throw new AssertionError("no message " + id + " in " + folder);
    }

    private static String uniqueName(Path f) {
        String name = f.getFileName().toString();
        int colon = name.indexOf(':');
        return colon < 0 ? name : name.substring(0, colon);
    }

    private static List<String> trashedIds(Path trash) throws IOException {
        try (Stream<Path> files = Files.walk(trash)) {
            return files.filter(Files::isRegularFile).map(Path::toString).toList();
        }
    }

    private ImapStore server() {
        return DOVECOT.store(user, "/notls", "another client");
    }

    private static List<String> ids(MailStore store, String folder) throws Exception {
        return store.index(folder).stream().map(MailTree::idOf).toList();
    }
}
