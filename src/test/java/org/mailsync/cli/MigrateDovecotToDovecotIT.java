package org.mailsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.mailsync.store.MessageMeta;
import org.mailsync.store.imap.DovecotExtension;
import org.mailsync.store.imap.ImapStore;

/**
 * {@code mailsync migrate remote imap://USER@HOST/...} between two accounts of a real Dovecot,
 * the target written inline with {@code --target-passcmd}: every message arrives with flags,
 * keywords and date, and the source account's UIDs and flags are as they were.
 */
class MigrateDovecotToDovecotIT {

    @RegisterExtension
    static final DovecotExtension DOVECOT = DovecotExtension.shared();

    @TempDir
    Path home;

    @Test
    void copiesOneAccountIntoAnother() throws Exception {
        String from = DOVECOT.newUser();
        String to = DOVECOT.newUser();
        List<MessageMeta> before;
        try (ImapStore server = DOVECOT.store(from, "/notls", "remote")) {
            server.connect();
            MigrateCorpus.fill(server, "INBOX", MigrateCorpus.messages(MigrateCorpus.HTTPD));
            MigrateCorpus.fill(server, "Archive.2017", MigrateCorpus.messages(MigrateCorpus.MAVEN));
            before = server.index("INBOX");
        }
        DOVECOT.channelConfig(from).writeTo(home.resolve(".mailsync"));
        String target = "imap://" + to + "@127.0.0.1:" + DOVECOT.port() + "/notls";

        CliRun run = CliRun.run(home, "migrate", "--target-passcmd", "echo '" + DOVECOT.password() + "'", "remote", target);

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("INBOX: 12 copied, 0 already there; verified 12/12",
                "Archive/2017: 10 copied, 0 already there; verified 10/10");
        try (ImapStore source = DOVECOT.store(from, "/notls", "remote"); ImapStore copy = DOVECOT.store(to, "/notls", "copy")) {
            source.connect();
            copy.connect();
            assertThat(source.index("INBOX")).isEqualTo(before);
            assertThat(MigrateCorpus.held(copy, "INBOX")).isEqualTo(MigrateCorpus.held(source, "INBOX"));
            assertThat(MigrateCorpus.held(copy, "Archive.2017")).isEqualTo(MigrateCorpus.held(source, "Archive.2017"));
        }
    }
}
