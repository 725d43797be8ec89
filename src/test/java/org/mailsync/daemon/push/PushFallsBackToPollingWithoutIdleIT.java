package org.mailsync.daemon.push;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.mailsync.store.imap.DovecotExtension;

/**
 * {@code push on} against a server that does not offer IDLE (Dovecot with a reduced
 * {@code imap_capability}): the watch gives up quietly and the channel's schedule still brings
 * new mail, every run without an error.
 */
class PushFallsBackToPollingWithoutIdleIT {

    @RegisterExtension
    static final DovecotExtension DOVECOT = DovecotExtension.own("imap_capability = IMAP4rev1 LITERAL+ NAMESPACE UNSELECT UIDPLUS");

    @TempDir
    Path home;

    @Test
    void withoutIdleTheScheduleStillSyncsAndNoRunFails() throws Exception {
        try (PushLog log = PushLog.capture();
             PushDaemon daemon = new PushDaemon(DOVECOT, home, "schedule 2s", "push on").start()) {
            daemon.deliver("one");
            PushDaemon.await("the first message", Duration.ofSeconds(20), () -> daemon.localInbox().contains("one"));
            daemon.deliver("two");
            PushDaemon.await("the second message, polled", Duration.ofSeconds(10), () -> daemon.localInbox().contains("two"));

            assertThat(daemon.runs()).isNotEmpty().allSatisfy(run -> assertThat(run).contains("\"exitCode\":0")
                    .contains("\"errors\":[]"));
            assertThat(log.lines()).filteredOn(line -> line.contains("does not offer IDLE")).hasSize(1);
            assertThat(log.lines()).noneMatch(line -> line.startsWith("WARN") || line.contains("watching with IDLE"));
        }
    }
}
