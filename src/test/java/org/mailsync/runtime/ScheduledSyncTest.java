package org.mailsync.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Quartz schedule route fires one sync after another, never two at once, and goes on after a failure. */
class ScheduledSyncTest {

    @TempDir
    Path home;

    @Test
    void firesRepeatedlyWithTheRuntimeAndSurvivesAFailedRun() throws Exception {
        List<String> events = new CopyOnWriteArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        try (MailsyncRuntime runtime = MailsyncRuntime.startScheduled(null, home, "* * * * * ?", rt -> {
            events.add("start " + (rt != null && rt.context().getRoute("mailsync-sync") != null));
            try {
                if (events.size() == 1) {
                    throw new IllegalStateException("the server is down");
                }
                return 0;
            } finally {
                events.add("end");
            }
        })) {
            while (events.size() < 6 && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
        }
        assertThat(events.size()).isGreaterThanOrEqualTo(6);
        for (int i = 0; i + 1 < events.size(); i += 2) {
            assertThat(events.get(i)).isEqualTo("start true");
            assertThat(events.get(i + 1)).isEqualTo("end");
        }
    }
}
