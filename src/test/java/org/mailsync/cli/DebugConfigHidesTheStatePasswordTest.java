package org.mailsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code -dc} shows the PostgreSQL state it will use, with a password in its URL hidden. */
class DebugConfigHidesTheStatePasswordTest {

    @TempDir
    Path home;

    @Test
    void theStateLineShowsTheUrlWithoutItsPassword() throws Exception {
        Files.writeString(home.resolve(".mailsync"), """
                state jdbc:postgresql://127.0.0.1:1/mailsync?user=sync&password=s3cr3t-pw
                store laptop { pat Mail/%  prefix Mail/ }
                store spare  { pat Spare/% prefix Spare/ }
                channel backup laptop spare { msinfo .msinfo }
                """);
        Files.createDirectories(home.resolve("Mail"));
        Files.createDirectories(home.resolve("Spare"));

        CliRun run = CliRun.run(home, "-dc", "backup");

        assertThat(run.err()).as(run.toString()).contains("state: jdbc:postgresql://127.0.0.1:1/mailsync?user=sync")
                .doesNotContain("s3cr3t-pw");
        assertThat(run.out() + run.log()).doesNotContain("s3cr3t-pw");
    }
}
