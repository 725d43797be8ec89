package org.mailsync.store.mh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailsync.store.StoreException;
import org.mailsync.store.local.DeadProcess;
import org.mailsync.store.local.VisibleLogLines;

/**
 * {@code .mh_sequences.lock} left behind by a killed run: ours names its owner, a dead owner's
 * lock is broken at once and said so, a running owner's lock is waited for visibly and no longer
 * than {@code mailsync.lock.wait} seconds. A lock that names no owner is still never broken
 * ({@link MhFormatTest#heldDotLockIsReportedNotBroken}).
 */
class AbandonedMhLockTest {

    @TempDir
    Path dir;

    private final MhFormat mh = new MhFormat();
    private Path folder;
    private Path dot;

    @BeforeEach
    void createFolder() throws Exception {
        folder = dir.resolve("inbox");
        mh.create(folder);
        dot = folder.resolve(MhSequencesLock.DOT_LOCK);
    }

    @AfterEach
    void forgetTheWait() {
        System.clearProperty("mailsync.lock.wait");
    }

    private void append(String subject) throws StoreException {
        mh.append(folder, new ByteArrayInputStream(("Subject: " + subject + "\n\nbody\n").getBytes(StandardCharsets.US_ASCII)),
                Set.of(), null);
    }

    private String ourLockContent() throws Exception {
        try (MhSequencesLock held = MhSequencesLock.acquire(folder)) {
            return Files.readString(dot, StandardCharsets.US_ASCII);
        }
    }

    @Test
    void ourLockNamesThisProcess() throws Exception {
        assertThat(ourLockContent()).matches(ProcessHandle.current().pid() + " \\S+ \\S+( \\d+)?\n");
        assertThat(dot).doesNotExist();
    }

    @Test
    void aLockLeftByAProcessThatDiedIsBrokenAtOnceAndTheUserIsTold() throws Exception {
        long dead = DeadProcess.pid();
        Files.writeString(dot, ourLockContent().replaceFirst("^\\d+", Long.toString(dead)), StandardCharsets.US_ASCII);

        long start = System.nanoTime();
        try (VisibleLogLines log = VisibleLogLines.capture()) {
            append("after the crash");

            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
            assertThat(log.lines()).anySatisfy(line -> assertThat(line).startsWith("Warning: ").contains(dot.toString())
                    .contains(Long.toString(dead)).contains("no longer running"));
        }
        assertThat(mh.index(folder)).hasSize(1);
        assertThat(dot).doesNotExist();
    }

    @Test
    void aLockOfARunningProcessIsWaitedForVisiblyAndOnlyAsLongAsConfigured() throws Exception {
        String running = ourLockContent();
        Files.writeString(dot, running, StandardCharsets.US_ASCII);
        System.setProperty("mailsync.lock.wait", "2");
        String pid = Long.toString(ProcessHandle.current().pid());

        try (VisibleLogLines log = VisibleLogLines.capture()) {
            long start = System.nanoTime();
            assertThatThrownBy(() -> append("while locked")).isInstanceOf(StoreException.class)
                    .hasMessageContaining(folder.toString()).hasMessageContaining(dot.toString())
                    .hasMessageContaining(pid).hasMessageContaining("still running");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(1900), Duration.ofSeconds(10));
            assertThat(log.lines()).anySatisfy(line -> assertThat(line).startsWith("Warning: ").contains("waiting")
                    .contains(dot.toString()).contains(pid));
        }
        assertThat(Files.readString(dot, StandardCharsets.US_ASCII)).isEqualTo(running);
        assertThat(mh.index(folder)).isEmpty();

        Files.delete(dot);
        append("after release");
        assertThat(mh.index(folder)).hasSize(1);
    }
}
