package org.mailsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailsync.store.local.LocalStore;
import org.mailsync.store.maildir.MaildirFormat;
import org.mailsync.store.mbox.MboxFormat;
import org.mailsync.testkit.MailFolders;

/**
 * {@code mailsync migrate mbox:DIR maildir:DIR} with real mail: every folder arrives with every
 * message, flags, keywords and dates kept; the source's files are unchanged to the byte and
 * the modification time; a second run copies nothing; {@code --verify-only} finds a message
 * missing from the target, and the next migrate copies just that one.
 */
class MigrateMboxToMaildirTest {

    @TempDir
    Path home;

    @Test
    void copiesEveryFolderCompleteAndNeverWritesTheSource() throws Exception {
        Path mail = home.resolve("Mail");
        Files.createDirectories(mail);
        try (LocalStore source = mbox(mail)) {
            MigrateCorpus.fill(source, "INBOX", MigrateCorpus.messages(MigrateCorpus.HTTPD));
            MigrateCorpus.fill(source, "lists/maven", MigrateCorpus.messages(MigrateCorpus.MAVEN));
        }
        Files.copy(MigrateCorpus.path(MigrateCorpus.ASTERIX), mail.resolve("asterix")); // a corpus file, verbatim
        Map<String, String> before = MailFolders.snapshot(mail);
        Path maildir = home.resolve("Maildir");

        CliRun run = CliRun.run(home, "migrate", "mbox:" + mail, "maildir:" + maildir);

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("INBOX: 12 copied, 0 already there; verified 12/12",
                "lists/maven: 10 copied, 0 already there; verified 10/10",
                "asterix: 53 copied, 0 already there; verified 53/53",
                "Migrated 3 folders: 75 messages copied; every folder verified complete.");
        assertThat(MailFolders.snapshot(mail)).as("the source's files, bytes and times").isEqualTo(before);
        try (LocalStore source = mbox(mail); LocalStore target = maildir(maildir)) {
            for (String folder : List.of("INBOX", "lists/maven", "asterix")) {
                assertThat(MigrateCorpus.held(target, folder)).as(folder).isEqualTo(MigrateCorpus.held(source, folder));
            }
        }

        CliRun again = CliRun.run(home, "migrate", "mbox:" + mail, "maildir:" + maildir);

        assertThat(again.exitCode()).as(again.toString()).isZero();
        assertThat(again.out()).contains("INBOX: 0 copied, 12 already there; verified 12/12",
                "asterix: 0 copied, 53 already there; verified 53/53", "Migrated 3 folders: 0 messages copied");
        try (LocalStore target = maildir(maildir)) {
            assertThat(MigrateCorpus.count(target, "asterix")).isEqualTo(53);
        }

        Path lost;
        try (Stream<Path> files = Files.list(maildir.resolve("INBOX").resolve("cur"))) {
            lost = files.sorted().findFirst().orElseThrow();
        }
        Files.delete(lost);
        CliRun verify = CliRun.run(home, "migrate", "--verify-only", "mbox:" + mail, "maildir:" + maildir);

        assertThat(verify.exitCode()).as(verify.toString()).isEqualTo(2);
        assertThat(verify.out()).contains("INBOX: NOT verified: 11/12, 1 missing in the target",
                "lists/maven: verified 10/10", "Verified 3 folders; 1 of 3 folders not verified complete, see the errors above.");
        assertThat(verify.err()).contains("Error: folder \"INBOX\": 1 of 12 source messages are not in the target");

        CliRun repair = CliRun.run(home, "migrate", "mbox:" + mail, "maildir:" + maildir);

        assertThat(repair.exitCode()).as(repair.toString()).isZero();
        assertThat(repair.out()).contains("INBOX: 1 copied, 11 already there; verified 12/12");
        assertThat(MailFolders.snapshot(mail)).as("the source's files, bytes and times").isEqualTo(before);
    }

    @Test
    void identicalCopiesAreMigratedCopyForCopyAndWhatTheTargetHasCounts() throws Exception {
        Path mail = home.resolve("Mail");
        Files.createDirectories(mail);
        List<byte[]> nexus = MigrateCorpus.messages(MigrateCorpus.NEXUS);
        try (LocalStore source = mbox(mail)) {
            // the first message twice, byte for byte, and the others once
            MigrateCorpus.fill(source, "INBOX", List.of(nexus.get(0), nexus.get(1), nexus.get(0), nexus.get(2)));
        }
        Path maildir = home.resolve("Maildir");
        try (LocalStore target = maildir(maildir)) {
            // the target already holds one copy of the first, and one message of its own
            MigrateCorpus.fill(target, "INBOX", List.of(nexus.get(0), MigrateCorpus.messages(MigrateCorpus.HTTPD).get(0)));
        }

        CliRun run = CliRun.run(home, "migrate", "mbox:" + mail, "maildir:" + maildir);

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("INBOX: 3 copied, 1 already there; verified 4/4");
        try (LocalStore target = maildir(maildir)) {
            assertThat(MigrateCorpus.count(target, "INBOX")).isEqualTo(5);
        }
    }

    static LocalStore mbox(Path root) {
        return new LocalStore("mbox", root, List.of(new MboxFormat()), new MboxFormat());
    }

    static LocalStore maildir(Path root) {
        return new LocalStore("maildir", root, List.of(new MaildirFormat()), new MaildirFormat());
    }
}
