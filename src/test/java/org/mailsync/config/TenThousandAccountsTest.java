package org.mailsync.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A provider's table of 10,000 accounts is read whole, every row a channel, up to the last one
 * (the config is parsed on every run, so this must stay fast: it reads the table once, and
 * nothing else from the disk).
 */
class TenThousandAccountsTest {

    static final int ROWS = 10_000;

    @TempDir
    Path home;

    @Test
    void tenThousandCsvRowsAreTenThousandChannels() throws Exception {
        StringBuilder csv = new StringBuilder("account,source,passcmd\n");
        for (int i = 1; i <= ROWS; i++) {
            csv.append("user").append(i).append(",imaps://user").append(i).append("@imap.example.org,\"pass show u")
                    .append(i).append("\"\n");
        }
        Files.writeString(home.resolve("accounts.csv"), csv);

        MailsyncConfig config = timed("csv", () -> ConfigParser.parse(
                "accounts accounts.csv {\n target maildir:/srv/mail/{account}\n schedule 1h\n}\n",
                home.resolve(".mailsync"), home));

        assertLastRow(config, "accounts.csv", ROWS + 1);
        assertThat(config.store("user" + ROWS + ":source").orElseThrow().passcmd()).isEqualTo("pass show u" + ROWS);
    }

    @Test
    void tenThousandYamlRowsAreTenThousandChannels() throws Exception {
        StringBuilder yaml = new StringBuilder();
        for (int i = 1; i <= ROWS; i++) {
            yaml.append("- {account: user").append(i).append(", source: imaps://user").append(i)
                    .append("@imap.example.org}\n");
        }
        Files.writeString(home.resolve("accounts.yaml"), yaml);

        MailsyncConfig config = timed("yaml", () -> ConfigParser.parse(
                "accounts accounts.yaml {\n target maildir:/srv/mail/{account}\n schedule 1h\n}\n",
                home.resolve(".mailsync"), home));

        assertLastRow(config, "accounts.yaml", ROWS);
    }

    private void assertLastRow(MailsyncConfig config, String table, int line) {
        assertThat(config.channels()).hasSize(ROWS);
        assertThat(config.stores()).hasSize(2 * ROWS);
        String last = "user" + ROWS;
        assertThat(config.channels().keySet().stream().reduce((a, b) -> b)).contains(last);
        ChannelConfig channel = config.channel(last).orElseThrow();
        assertThat(channel.location()).isEqualTo(new ConfigLocation(home.resolve(table), line));
        assertThat(channel.schedule()).isEqualTo("1h");
        assertThat(channel.msinfoPath(home)).isEqualTo(home.resolve(table + ".d/" + last + ".msinfo"));
        assertThat(config.store(last + ":source").orElseThrow().server())
                .isEqualTo("{imap.example.org/user=" + last + "/ssl}");
        assertThat(config.store(last + ":target").orElseThrow().path()).isEqualTo(Path.of("/srv/mail/" + last));
    }

    interface Parse {
        MailsyncConfig run() throws ConfigException;
    }

    /** Parses and prints how long it took (for the reader of the test log; not asserted, as machines differ). */
    private static MailsyncConfig timed(String what, Parse parse) throws ConfigException {
        parse.run(); // warm-up: class loading is not the table's cost
        long start = System.nanoTime();
        MailsyncConfig config = parse.run();
        System.out.println(ROWS + " " + what + " accounts parsed in " + (System.nanoTime() - start) / 1_000_000 + " ms");
        return config;
    }
}
