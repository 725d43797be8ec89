package org.mailsync.store.mbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailsync.store.StoreException;
import org.mailsync.store.local.DeadProcess;
import org.mailsync.store.local.VisibleLogLines;

/**
 * A dot-lock left behind by a writer killed with -9: it says who made it, so that a lock of a
 * process that is gone is broken at once (and the user told), and one of a running process is
 * waited for, visibly and no longer than {@code mailsync.lock.wait} seconds.
 */
class AbandonedMboxLockTest {

    @TempDir
    Path dir;

    private final MboxFormat format = new MboxFormat();
    private Path box;
    private Path dot;

    @BeforeEach
    void createFolder() throws Exception {
        box = dir.resolve("inbox");
        format.create(box);
        dot = MboxLock.dotLockOf(box);
    }

    @AfterEach
    void forgetTheWait() {
        System.clearProperty("mailsync.lock.wait");
    }

    private void append(String subject) throws StoreException {
        format.append(box, new ByteArrayInputStream(("Subject: " + subject + "\n\nbody\n").getBytes(StandardCharsets.US_ASCII)),
                Set.of(), Instant.parse("2020-03-02T10:00:00Z"));
    }

    /** What our own dot-lock holds while we write: taken from a real lock, not rebuilt here. */
    private String ourLockContent() throws Exception {
        try (MboxLock held = MboxLock.acquire(box, Duration.ofSeconds(5))) {
            return Files.readString(dot, StandardCharsets.US_ASCII);
        }
    }

    @Test
    void ourDotLockNamesThisProcessItsHostAndItsStartAndAPidReaderFindsThePid() throws Exception {
        String content = ourLockContent();
        long pid = ProcessHandle.current().pid();

        assertThat(content).matches(pid + " \\S+ \\S+( \\d+)?\n");
        String[] fields = content.strip().split(" ");
        assertThat(fields[1]).isNotBlank();
        Instant started = ProcessHandle.current().info().startInstant().orElseThrow().truncatedTo(ChronoUnit.SECONDS);
        assertThat(Instant.parse(fields[2])).isEqualTo(started);
        // liblockfile and friends read a lock's owner with atoi() / fscanf("%d").
        assertThat(Long.parseLong(content.split("[^0-9]", 2)[0])).isEqualTo(pid);
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
        assertThat(format.index(box)).hasSize(1);
        assertThat(dot).doesNotExist();
    }

    @Test
    void aReaderRemovesTheLockOfAWriterThatDiedButLeavesALiveOnesAlone() throws Exception {
        append("before the crash");
        org.mailsync.store.FolderSnapshot snapshot = format.index(box, null);
        // killed after taking the lock and before starting its journal: only the lock is left
        Files.writeString(dot, ourLockContent().replaceFirst("^\\d+", Long.toString(DeadProcess.pid())),
                StandardCharsets.US_ASCII);

        try (VisibleLogLines log = VisibleLogLines.capture()) {
            // an unchanged folder: the cached snapshot is reused, nothing of the file is read
            assertThat(format.index(box, snapshot).metas()).isEqualTo(snapshot.metas());
            assertThat(log.lines()).anySatisfy(line -> assertThat(line).contains(dot.toString()).contains("no longer running"));
        }
        assertThat(dot).doesNotExist();

        Files.writeString(dot, ourLockContent(), StandardCharsets.US_ASCII); // this JVM: alive
        long start = System.nanoTime();
        assertThat(format.index(box, snapshot).metas()).hasSize(1);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1)); // readers never wait
        assertThat(dot).exists();
    }

    @Test
    void aReaderRemovesTheScratchCopyOfARewriteWhoseProcessDiedButNotALiveOnes() throws Exception {
        append("kept");
        org.mailsync.store.FolderSnapshot snapshot = format.index(box, null);
        Path dead = box.resolveSibling("." + box.getFileName() + ".mailsync-" + DeadProcess.pid() + ".tmp");
        Path live = box.resolveSibling("." + box.getFileName() + ".mailsync-" + ProcessHandle.current().pid() + ".tmp");
        Files.writeString(dead, "half a copy of the folder");
        Files.writeString(live, "a rewrite in progress");

        assertThat(format.index(box, snapshot).metas()).isEqualTo(snapshot.metas());

        assertThat(dead).doesNotExist();
        assertThat(live).exists();
        assertThat(format.index(box)).hasSize(1);
    }

    @Test
    void aDovecotLockOfAProcessThatDiedIsBrokenToo() throws Exception {
        String host = ourLockContent().split(" ")[1];
        Files.writeString(dot, DeadProcess.pid() + ":" + host, StandardCharsets.US_ASCII); // Dovecot's "pid:host"

        long start = System.nanoTime();
        append("after dovecot");

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        assertThat(format.index(box)).hasSize(1);
    }

    @Test
    void aLockOfARunningProcessIsWaitedForVisiblyAndOnlyAsLongAsConfigured() throws Exception {
        String running = ourLockContent(); // this very JVM: as alive as an owner can be
        Files.writeString(dot, running, StandardCharsets.US_ASCII);
        System.setProperty("mailsync.lock.wait", "2");
        String pid = Long.toString(ProcessHandle.current().pid());

        try (VisibleLogLines log = VisibleLogLines.capture()) {
            long start = System.nanoTime();
            assertThatThrownBy(() -> append("while locked")).isInstanceOf(StoreException.class)
                    .hasMessageContaining(box.toString()).hasMessageContaining(dot.toString())
                    .hasMessageContaining(pid).hasMessageContaining("still running");
            Duration waited = Duration.ofNanos(System.nanoTime() - start);
            assertThat(waited).isBetween(Duration.ofMillis(1900), Duration.ofSeconds(10));
            assertThat(log.lines()).anySatisfy(line -> assertThat(line).startsWith("Warning: ").contains("waiting")
                    .contains(dot.toString()).contains(pid));

            // The next message for that folder does not wait all over again for the same holder.
            long again = System.nanoTime();
            assertThatThrownBy(() -> append("still locked")).isInstanceOf(StoreException.class)
                    .hasMessageContaining(dot.toString());
            assertThat(Duration.ofNanos(System.nanoTime() - again)).isLessThan(Duration.ofMillis(500));
        }
        assertThat(Files.readString(dot, StandardCharsets.US_ASCII)).isEqualTo(running); // not ours to remove
        assertThat(Files.size(box)).isZero();

        Files.delete(dot); // the holder is done
        append("after release");
        assertThat(format.index(box)).hasSize(1);
    }

    @Test
    void anMboxFolderIsNeverNamedLikeTheLockOfAnother() throws Exception {
        assertThatThrownBy(() -> format.create(dir.resolve("Archive.lock"))).isInstanceOf(StoreException.class)
                .hasMessageContaining("Archive.lock").hasMessageContaining("lock");
        assertThat(dir.resolve("Archive.lock")).doesNotExist();
    }
}
