package org.mailsync.assembly;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailsync.cli.Mailsync;
import org.mailsync.testkit.MailFolders;

/** Two migrations of the same source into the same target never run at once: the second is refused, changing nothing. */
class MigrateRunsOneAtATimeTest {

    @TempDir
    Path home;

    @Test
    void aSecondRunOfTheSamePairIsRefused() throws Exception {
        Path source = home.resolve("Maildir");
        MailFolders.maildir(source.resolve("INBOX"), "a", "b");
        String from = "maildir:" + source;
        String to = "maildir:" + home.resolve("Copy");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code;
        try (ChannelLock held = ChannelLock.acquire(MigrateOpener.stateFile(home, from, to))) {
            code = Mailsync.run(new String[] {"migrate", from, to}, home, new PrintStream(new ByteArrayOutputStream()),
                    new PrintStream(err, true, StandardCharsets.UTF_8));
        }
        assertThat(code).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("Error: another mailsync run is migrating " + from + " to " + to);
        assertThat(home.resolve("Copy/INBOX")).doesNotExist();
        assertThat(Files.exists(MigrateOpener.stateFile(home, from, to))).isFalse();
    }
}
