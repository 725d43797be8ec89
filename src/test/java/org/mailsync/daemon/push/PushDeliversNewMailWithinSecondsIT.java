package org.mailsync.daemon.push;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.mailsync.store.imap.DovecotExtension;

/**
 * {@code push on} against a real Dovecot: with a schedule of an hour, mail another client
 * delivers to the server's INBOX reaches the local Maildir within seconds, because the daemon
 * idles on the INBOX and syncs on the server's EXISTS; and it still does after the server was
 * stopped and started again (the watch logs in again with back-off). A server of this class's
 * own, as it is restarted.
 */
class PushDeliversNewMailWithinSecondsIT {

    @RegisterExtension
    static final DovecotExtension DOVECOT = DovecotExtension.own();

    @TempDir
    Path home;

    @Test
    void mailDeliveredToTheServerInboxReachesTheLocalMaildirWithinFiveSeconds() throws Exception {
        try (PushLog log = PushLog.capture();
             PushDaemon daemon = new PushDaemon(DOVECOT, home, "schedule 1h", "push on").start()) {
            daemon.deliver("before");
            // the first scheduled run (at start) or the push of that delivery brings it
            PushDaemon.await("the first message", Duration.ofSeconds(20), () -> daemon.localInbox().contains("before"));
            PushDaemon.await("the watch to idle", Duration.ofSeconds(10), () -> log.has("INBOX: watching with IDLE"));

            daemon.deliver("pushed");
            Duration took = PushDaemon.await("the pushed message", Duration.ofSeconds(5),
                    () -> daemon.localInbox().contains("pushed"));

            assertThat(took).isLessThan(Duration.ofSeconds(5));
            assertThat(daemon.localInbox()).containsExactly("before", "pushed");
            assertThat(log.lines()).anyMatch(line -> line.startsWith("INFO") && line.contains("INBOX: watching with IDLE"))
                    .noneMatch(line -> line.startsWith("WARN"));
        }
    }

    @Test
    void theWatchLogsInAgainAfterTheServerRestartedAndStillPushes() throws Exception {
        try (PushLog log = PushLog.capture();
             PushDaemon daemon = new PushDaemon(DOVECOT, home, "schedule 1h", "push on").start()) {
            daemon.deliver("first");
            PushDaemon.await("the first message", Duration.ofSeconds(20), () -> daemon.localInbox().contains("first"));
            // the server goes away while the watch idles, not while it logs in
            PushDaemon.await("the watch to idle", Duration.ofSeconds(10), () -> log.has("INBOX: watching with IDLE"));

            DOVECOT.server().stop();
            DOVECOT.server().restart();
            // the watch's own back-off brings it back, with no run or delivery to wake it
            PushDaemon.await("the watch to log in again", Duration.ofSeconds(10), () -> log.has("INBOX: watching again"));
            daemon.deliver("after-restart");

            PushDaemon.await("the message delivered after the restart", Duration.ofSeconds(5),
                    () -> daemon.localInbox().contains("after-restart"));
            assertThat(daemon.localInbox()).containsExactly("after-restart", "first");
            assertThat(log.lines()).anyMatch(line -> line.startsWith("WARN") && line.contains("idling on INBOX"))
                    .anyMatch(line -> line.contains("INBOX: watching again"));
        }
    }
}
