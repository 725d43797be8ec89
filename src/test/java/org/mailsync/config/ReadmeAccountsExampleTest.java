package org.mailsync.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * README's "Many accounts" example is a config and a table the parser accepts, with the
 * meaning the README gives them: one channel per row, named by its account, on the block's
 * schedule, its target and state named with {@code {account}} replaced.
 */
class ReadmeAccountsExampleTest {

    @TempDir
    Path dir;

    @Test
    void theConfigAndTheTableMakeAChannelPerAccount() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        int section = readme.indexOf("### Many accounts");
        assertThat(section).as("README's section").isNotNegative();
        String config = block(readme, section);
        String table = block(readme, readme.indexOf("```csv\n", section) - 1);
        Path csv = dir.resolve("accounts.csv");
        Files.writeString(csv, table);

        MailsyncConfig parsed = ConfigParser.parse(config.replace("/srv/mailsync/accounts.csv", csv.toString()),
                Path.of("README.md"), dir);

        assertThat(parsed.channels()).containsOnlyKeys("alice", "bob");
        ChannelConfig bob = parsed.channels().get("bob");
        assertThat(bob.schedule()).isEqualTo("15m");
        assertThat(bob.msinfo()).isEqualTo("/srv/mailsync/state/bob.db");
        assertThat(parsed.store(bob.storeB()).orElseThrow().path()).isEqualTo(Path.of("/srv/mail/bob"));
    }

    /** The fenced block that starts after a position. */
    private static String block(String readme, int after) {
        int fence = readme.indexOf("```", after);
        int start = readme.indexOf('\n', fence) + 1;
        return readme.substring(start, readme.indexOf("```", start));
    }
}
