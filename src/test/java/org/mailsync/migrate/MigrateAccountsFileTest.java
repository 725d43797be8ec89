package org.mailsync.migrate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code --accounts} CSV: quoted commands with commas, comments, blank lines, and errors naming the line. */
class MigrateAccountsFileTest {

    @TempDir
    Path dir;

    @Test
    void readsEveryAccountWithItsPasswordCommands() throws Exception {
        Path file = Files.writeString(dir.resolve("a.csv"), """
                # source,target,source passcmd,target passcmd
                imap://alice@old.example.org/,maildir:~/alice,"pass show old/alice, first",

                work, imap://bob@new.example.org/ ,,"echo ""x""\"
                mbox:/srv/mail,maildir:/srv/maildir
                """);
        List<AccountsFile.Account> accounts = AccountsFile.read(file);
        assertThat(accounts).containsExactly(
                new AccountsFile.Account(2, "imap://alice@old.example.org/", "maildir:~/alice", "pass show old/alice, first", null),
                new AccountsFile.Account(4, "work", "imap://bob@new.example.org/", null, "echo \"x\""),
                new AccountsFile.Account(5, "mbox:/srv/mail", "maildir:/srv/maildir", null, null));
    }

    @Test
    void aLineThatIsNoAccountIsNamed() throws Exception {
        Path file = Files.writeString(dir.resolve("b.csv"), "a,b\nonly-one-field\n");
        assertThatThrownBy(() -> AccountsFile.read(file)).isInstanceOf(IOException.class).hasMessageContaining("b.csv:2:");
        Path open = Files.writeString(dir.resolve("c.csv"), "a,b,\"unclosed\n");
        assertThatThrownBy(() -> AccountsFile.read(open)).hasMessageContaining("c.csv:1: a quote is not closed");
        Path empty = Files.writeString(dir.resolve("d.csv"), "# nothing\n");
        assertThatThrownBy(() -> AccountsFile.read(empty)).hasMessageContaining("no accounts");
    }
}
