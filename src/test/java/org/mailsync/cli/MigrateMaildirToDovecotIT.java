package org.mailsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.mailsync.store.imap.DovecotExtension;
import org.mailsync.store.imap.ImapStore;
import org.mailsync.store.local.LocalStore;
import org.mailsync.testkit.MailFolders;

/**
 * {@code mailsync migrate maildir:DIR remote} into a real Dovecot with real mail: nested local
 * folders become the server's {@code .} hierarchy, a UTF-8 name a modified UTF-7 one, every
 * message arrives with its flags, keywords and internal date; the Maildir's files are not
 * touched (bytes and modification times); a second run copies nothing.
 */
class MigrateMaildirToDovecotIT {

    @RegisterExtension
    static final DovecotExtension DOVECOT = DovecotExtension.shared();

    @TempDir
    Path home;

    @Test
    void copiesEveryFolderCompleteAndNeverWritesTheMaildir() throws Exception {
        String user = DOVECOT.newUser();
        Path maildir = home.resolve("Maildir");
        try (LocalStore source = MigrateMboxToMaildirTest.maildir(maildir)) {
            MigrateCorpus.fill(source, "INBOX", MigrateCorpus.messages(MigrateCorpus.HTTPD));
            MigrateCorpus.fill(source, "Lists/maven", MigrateCorpus.messages(MigrateCorpus.MAVEN));
            MigrateCorpus.fill(source, "Entwürfe", MigrateCorpus.messages(MigrateCorpus.NEXUS));
        }
        Map<String, String> before = MailFolders.snapshot(maildir);
        DOVECOT.channelConfig(user).writeTo(home.resolve(".mailsync"));

        CliRun run = CliRun.run(home, "migrate", "maildir:" + maildir, "remote");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("INBOX: 12 copied, 0 already there; verified 12/12",
                "Lists/maven: 10 copied, 0 already there; verified 10/10", "Entwürfe: 3 copied, 0 already there; verified 3/3");
        assertThat(MailFolders.snapshot(maildir)).as("the Maildir's files, bytes and times").isEqualTo(before);
        try (ImapStore server = DOVECOT.store(user, "/notls", "remote");
             LocalStore source = MigrateMboxToMaildirTest.maildir(maildir)) {
            server.connect();
            assertThat(MigrateCorpus.held(server, "INBOX")).isEqualTo(MigrateCorpus.held(source, "INBOX"));
            assertThat(MigrateCorpus.held(server, "Lists.maven")).isEqualTo(MigrateCorpus.held(source, "Lists/maven"));
            assertThat(MigrateCorpus.held(server, "Entwürfe")).isEqualTo(MigrateCorpus.held(source, "Entwürfe"));
        }

        CliRun again = CliRun.run(home, "migrate", "maildir:" + maildir, "remote");

        assertThat(again.exitCode()).as(again.toString()).isZero();
        assertThat(again.out()).contains("INBOX: 0 copied, 12 already there; verified 12/12",
                "Migrated 3 folders: 0 messages copied; every folder verified complete.");
        try (ImapStore server = DOVECOT.store(user, "/notls", "remote")) {
            server.connect();
            assertThat(MigrateCorpus.count(server, "INBOX")).isEqualTo(12);
        }
        assertThat(MailFolders.snapshot(maildir)).isEqualTo(before);
    }
}
