package org.mailsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.mailsync.store.imap.DovecotExtension;
import org.mailsync.store.imap.ImapStore;
import org.mailsync.store.local.LocalStore;

/**
 * {@code mailsync migrate --accounts FILE} with three accounts of a real Dovecot, written
 * inline ({@code imap://USER@HOST:PORT/notls}) with a password command each, one of them
 * wrong: the two others are migrated completely, the wrong one is named with the reason, every
 * account has its line, and the exit status is 2.
 */
class MigrateAccountsReportsEachAccountIT {

    @RegisterExtension
    static final DovecotExtension DOVECOT = DovecotExtension.shared();

    @TempDir
    Path home;

    @Test
    void migratesTheGoodAccountsAndNamesTheBadOne() throws Exception {
        List<String> users = List.of(DOVECOT.newUser(), DOVECOT.newUser(), DOVECOT.newUser());
        List<String> corpus = List.of(MigrateCorpus.NEXUS, MigrateCorpus.HTTPD, MigrateCorpus.MAVEN);
        for (int i = 0; i < 3; i++) {
            try (ImapStore server = DOVECOT.store(users.get(i), "/notls", "remote")) {
                server.connect();
                MigrateCorpus.fill(server, "INBOX", MigrateCorpus.messages(corpus.get(i)));
            }
        }
        StringBuilder csv = new StringBuilder("# source,target,source password command\n");
        for (int i = 0; i < 3; i++) {
            String password = i == 1 ? "wrong-password" : DOVECOT.password();
            csv.append("imap://").append(users.get(i)).append("@127.0.0.1:").append(DOVECOT.port()).append("/notls,")
                    .append("maildir:").append(home.resolve("account" + i)).append(",\"echo '").append(password)
                    .append("'\"\n");
        }
        Path accounts = Files.writeString(home.resolve("accounts.csv"), csv);

        CliRun run = CliRun.run(home, "migrate", "--accounts", accounts.toString(), "--parallel", "2");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
        List<String> lines = run.out().lines().toList();
        assertThat(lines).as(run.toString()).hasSize(4);
        assertThat(lines.get(0)).startsWith("account 1 (imap://" + users.get(0))
                .endsWith("Migrated 1 folder: 3 messages copied; every folder verified complete.");
        assertThat(lines.get(1)).startsWith("account 2 (imap://" + users.get(1)).contains(": Error: ")
                .containsIgnoringCase("authenticat").doesNotContain("wrong-password");
        assertThat(lines.get(2)).startsWith("account 3 (imap://" + users.get(2))
                .endsWith("Migrated 1 folder: 10 messages copied; every folder verified complete.");
        assertThat(lines.get(3)).isEqualTo("2 of 3 accounts migrated and verified.");
        assertThat(home.resolve("account1")).doesNotExist();
        for (int i : new int[] {0, 2}) {
            try (ImapStore server = DOVECOT.store(users.get(i), "/notls", "remote");
                 LocalStore target = MigrateMboxToMaildirTest.maildir(home.resolve("account" + i))) {
                server.connect();
                assertThat(MigrateCorpus.held(target, "INBOX")).isEqualTo(MigrateCorpus.held(server, "INBOX"));
            }
        }
    }
}
