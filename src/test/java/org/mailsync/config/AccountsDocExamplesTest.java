package org.mailsync.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The examples of docs/ACCOUNTS.md are configs and tables the parser accepts, with the meaning the page gives them. */
class AccountsDocExamplesTest {

    @TempDir
    Path dir;

    /** The text of the n-th (from 0) fenced block whose opening line is exactly {@code fence}. */
    static String block(String doc, String fence, int n) {
        int at = -1;
        for (int i = 0; i <= n; i++) {
            at = doc.indexOf("\n" + fence + "\n", at + 1);
            assertThat(at).as("block %s #%d of docs/ACCOUNTS.md", fence, n).isNotNegative();
        }
        int start = at + fence.length() + 2;
        return doc.substring(start, doc.indexOf("```", start));
    }

    @Test
    void examplesParseToTheChannelsThePageDescribes() throws Exception {
        String doc = Files.readString(Path.of("docs/ACCOUNTS.md"));
        String srv = dir + "/";
        String config = block(doc, "```", 0).replace("/srv/mailsync/", srv);
        Files.writeString(dir.resolve("accounts.csv"), block(doc, "```csv", 0));
        Files.writeString(dir.resolve("accounts.yaml"), block(doc, "```yaml", 0));

        MailsyncConfig fromCsv = ConfigParser.parse(config, dir.resolve(".mailsync"), dir);
        MailsyncConfig fromYamlTable = ConfigParser.parse(config.replace("accounts.csv", "accounts.yaml"),
                dir.resolve(".mailsync"), dir);
        MailsyncConfig fromYamlConfig = ConfigParser.parse(block(doc, "```yaml", 1).replace("/srv/mailsync/", srv),
                dir.resolve("mailsync.yaml"), dir);

        assertThat(YamlConfigTest.withoutLocations(fromYamlTable)).isEqualTo(YamlConfigTest.withoutLocations(fromCsv));
        assertThat(YamlConfigTest.withoutLocations(fromYamlConfig)).isEqualTo(YamlConfigTest.withoutLocations(fromCsv));
        assertThat(fromCsv.channels()).containsOnlyKeys("alice", "bob", "carol");
        ChannelConfig alice = fromCsv.channel("alice").orElseThrow();
        assertThat(alice.schedule()).isEqualTo("15m");
        assertThat(alice.msinfoPath(dir)).isEqualTo(dir.resolve("state/alice.db"));
        assertThat(fromCsv.channel("bob").orElseThrow().schedule()).isEqualTo("1h");
        StoreConfig aliceSource = fromCsv.store("alice:source").orElseThrow();
        assertThat(aliceSource.server()).isEqualTo("{imap.example.org/user=alice/ssl}");
        assertThat(aliceSource.passcmd()).isEqualTo("/usr/local/bin/imap-password alice");
        assertThat(aliceSource.maxConnections()).isEqualTo(2);
        assertThat(fromCsv.store("alice:target").orElseThrow().path()).isEqualTo(Path.of("/srv/mail/alice"));
        assertThat(fromCsv.store("bob:source").orElseThrow().passcmd()).isEqualTo("pass show mail/bob, the old one");
        assertThat(fromCsv.store("carol:source").orElseThrow().server()).isEqualTo("{mail.example.com:1143/user=carol/notls}");
    }
}
