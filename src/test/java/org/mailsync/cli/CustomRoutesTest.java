package org.mailsync.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mailsync.cli.MailTree.maildir;
import static org.mailsync.cli.MailTree.maildirIds;
import static org.mailsync.cli.MailTree.mbox;
import static org.mailsync.cli.MailTree.mboxIds;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A user customises the route set with YAML only: the shipped audit example
 * ({@code config/routes/audit.camel.yaml}) is loaded beside the built-in set, and a copy of the
 * built-in file under its own name replaces it.
 */
class CustomRoutesTest {

    @TempDir
    Path home;

    @BeforeEach
    void config() throws Exception {
        Files.writeString(home.resolve(".mailsync"), """
                store laptop  { pat Mail/%     prefix Mail/ }
                store archive { pat Archive/%  prefix Archive/  format mbox }
                channel backup laptop archive { msinfo .msinfo }
                """);
        maildir(home.resolve("Mail/inbox"), "a1", "a2");
        mbox(home.resolve("Archive/inbox"), "b1");
    }

    @Test
    void auditRoutesRecordEveryCopyAndDeletion() throws Exception {
        Path routes = Path.of("config/routes").toAbsolutePath();

        CliRun first = CliRun.run(home, "--routes", routes.toString(), "backup");
        mbox(home.resolve("Archive/inbox"), "a2", "b1");
        CliRun second = CliRun.run(home, "--routes", routes.toString(), "backup");

        assertThat(first.exitCode()).as(first.toString()).isZero();
        assertThat(second.exitCode()).as(second.toString()).isZero();
        List<String> audit = Files.readAllLines(home.resolve(".mailsync-audit.log"));
        assertThat(audit).hasSize(4);
        assertThat(audit.get(0)).endsWith(" backup INBOX copied-from A <a1@example.org>");
        assertThat(audit.get(1)).endsWith(" backup INBOX copied-from A <a2@example.org>");
        assertThat(audit.get(2)).endsWith(" backup INBOX copied-from B <b1@example.org>");
        assertThat(audit.get(3)).endsWith(" backup INBOX deleted-on A <a1@example.org>");
        assertThat(maildirIds(home.resolve("Mail/inbox"))).containsExactly("a2", "b1");
    }

    @Test
    void aRouteFileNamedLikeTheBuiltInOneReplacesIt() throws Exception {
        // A user's edit: copies go nowhere (e.g. while testing a config), everything else as built in.
        Path routes = EditedRoutes.write(home.resolve("my-routes"), """
                              - bean:
                                  id: copy-message
                                  ref: messageCopier
                                  method: append
                """, """
                              - log:
                                  id: copy-message
                                  message: "would copy ${header.CamelMailsyncIdentity}"
                """);

        CliRun run = CliRun.run(home, "--routes", routes.toString(), "backup");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(mboxIds(home.resolve("Archive/inbox"))).containsExactly("b1");
        assertThat(maildirIds(home.resolve("Mail/inbox"))).containsExactly("a1", "a2");
    }
}
