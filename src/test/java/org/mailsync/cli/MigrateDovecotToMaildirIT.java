package org.mailsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.mailsync.store.MessageMeta;
import org.mailsync.store.imap.DovecotExtension;
import org.mailsync.store.imap.ImapStore;
import org.mailsync.store.local.LocalStore;

/**
 * {@code mailsync migrate remote maildir:DIR} from a real Dovecot with real mail: every folder
 * arrives (a hierarchy with the server's {@code .} becomes nested directories, a non-ASCII
 * name, modified UTF-7 on the wire, a UTF-8 directory), every message with its flags,
 * keywords and internal date; and the server's folders keep every UID and every flag, unseen
 * mail staying unseen (EXAMINE and BODY.PEEK only).
 */
class MigrateDovecotToMaildirIT {

    @RegisterExtension
    static final DovecotExtension DOVECOT = DovecotExtension.shared();

    @TempDir
    Path home;

    @Test
    void copiesEveryFolderCompleteAndLeavesUidsAndFlagsAsTheyWere() throws Exception {
        String user = DOVECOT.newUser();
        Map<String, String> folders = new LinkedHashMap<>(); // server folder -> local folder
        folders.put("INBOX", "INBOX");
        folders.put("Lists.maven", "Lists/maven");
        folders.put("Entwürfe", "Entwürfe");
        Map<String, List<MessageMeta>> before = new LinkedHashMap<>();
        try (ImapStore server = DOVECOT.store(user, "/notls", "remote")) {
            server.connect();
            MigrateCorpus.fill(server, "INBOX", MigrateCorpus.messages(MigrateCorpus.HTTPD));
            MigrateCorpus.fill(server, "Lists.maven", MigrateCorpus.messages(MigrateCorpus.MAVEN));
            MigrateCorpus.fill(server, "Entwürfe", MigrateCorpus.messages(MigrateCorpus.NEXUS));
            for (String folder : folders.keySet()) {
                before.put(folder, server.index(folder));
            }
        }
        assertThat(before.get("INBOX")).anySatisfy(m -> assertThat(m.flags()).doesNotContain(org.mailsync.store.Flag.SEEN));
        DOVECOT.channelConfig(user).writeTo(home.resolve(".mailsync"));
        Path maildir = home.resolve("Maildir");

        CliRun run = CliRun.run(home, "migrate", "remote", "maildir:" + maildir);

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("Migrating store \"remote\" to store \"maildir:" + maildir + "\"...",
                "INBOX: 12 copied, 0 already there; verified 12/12", "Lists/maven: 10 copied, 0 already there; verified 10/10",
                "Entwürfe: 3 copied, 0 already there; verified 3/3", "every folder verified complete");
        try (ImapStore server = DOVECOT.store(user, "/notls", "remote");
             LocalStore target = MigrateMboxToMaildirTest.maildir(maildir)) {
            server.connect();
            for (Map.Entry<String, String> f : folders.entrySet()) {
                assertThat(server.index(f.getKey())).as("UIDs and flags of %s", f.getKey()).isEqualTo(before.get(f.getKey()));
                assertThat(MigrateCorpus.held(target, f.getValue())).as(f.getValue())
                        .isEqualTo(MigrateCorpus.held(server, f.getKey()));
            }
            assertThat(server.index("INBOX")).as("nothing marked read by the copy's own verification either")
                    .isEqualTo(before.get("INBOX"));
        }
    }
}
