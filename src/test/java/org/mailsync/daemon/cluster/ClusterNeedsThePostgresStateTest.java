package org.mailsync.daemon.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailsync.cli.Mailsync;

/**
 * {@code mailsync daemon --cluster} refuses at once, with one line saying what to do, what it
 * cannot run: a config whose state is not in PostgreSQL (where the nodes meet), a check-in
 * interval that is no duration or too short, no thread to run channels on. Nothing is synced.
 */
class ClusterNeedsThePostgresStateTest {

    @TempDir
    Path home;

    private static final String CONFIG = """
            store laptop  { pat Mail/%     prefix Mail/ }
            store archive { pat Archive/%  prefix Archive/  format mbox }
            channel backup laptop archive { msinfo .msinfo  schedule 15m }
            """;

    @Test
    void aConfigWithoutPostgresStateIsRefusedNamingTheKeyToAdd() throws Exception {
        Files.writeString(home.resolve(".mailsync"), CONFIG);

        String[] result = run("daemon", "--cluster");

        assertThat(result[0]).isEqualTo("1");
        assertThat(result[1].lines().toList()).singleElement().asString()
                .startsWith("Error: --cluster needs the state in PostgreSQL")
                .contains("state jdbc:postgresql://HOST:PORT/DATABASE?user=NAME").contains(home.resolve(".mailsync").toString());
        assertThat(home.resolve(".msinfo")).doesNotExist();
    }

    @Test
    void aCheckinThatIsNoDurationOrTooShortIsRefused() throws Exception {
        Files.writeString(home.resolve(".mailsync"), CONFIG);

        assertThat(run("daemon", "--cluster", "--checkin", "often")[1])
                .isEqualTo("Error: --checkin takes a duration such as 5s or 1m, not \"often\"\n");
        assertThat(run("daemon", "--cluster", "--threads", "0")[1]).startsWith("Error: a node runs at least one channel");
    }

    /** Exit code and standard error of an in-process run. */
    private String[] run(String... args) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code;
        try (PrintStream o = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
             PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            code = Mailsync.run(args, home, o, e);
        }
        return new String[] {Integer.toString(code), err.toString(StandardCharsets.UTF_8)};
    }
}
