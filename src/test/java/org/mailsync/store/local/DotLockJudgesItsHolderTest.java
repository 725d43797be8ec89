package org.mailsync.store.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** When a dot-lock found in place is broken, waited for, or left alone. */
class DotLockJudgesItsHolderTest {

    private static final Duration SHORT = Duration.ofMillis(300);
    private static final Duration FIVE_MINUTES = Duration.ofMinutes(5);

    @TempDir
    Path dir;

    private Path lock(String content, Duration age) throws IOException {
        Path file = dir.resolve("inbox.lock");
        Files.writeString(file, content, StandardCharsets.US_ASCII);
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().minus(age)));
        return file;
    }

    private static DotLock acquire(Path file) throws IOException {
        return DotLock.acquire(file, "mbox folder inbox", SHORT, FIVE_MINUTES, new GivenUpLocks());
    }

    @Test
    void aRunningOwnersLockIsNeverBrokenForItsAge() throws Exception {
        Path file = lock(LockOwner.current().fileContent(), Duration.ofHours(3));
        assertThatThrownBy(() -> acquire(file)).isInstanceOf(IOException.class).hasMessageContaining("still running");
        assertThat(file).exists();
    }

    @Test
    void aLockWithoutOwnerIsBrokenOnlyWhenOld() throws Exception {
        Path young = lock("", Duration.ofMinutes(1));
        assertThatThrownBy(() -> acquire(young)).isInstanceOf(IOException.class).hasMessageContaining(young.toString())
                .hasMessageContaining("remove");

        Path old = lock("", FIVE_MINUTES.plusMinutes(1));
        try (DotLock held = acquire(old)) {
            assertThat(Files.readString(old)).isEqualTo(LockOwner.current().fileContent());
        }
        assertThat(old).doesNotExist();
    }

    @Test
    void withoutAnAgeLimitALockWithoutOwnerIsNeverBroken() throws Exception {
        Path file = lock("", Duration.ofDays(30)); // nmh's: only the user may remove it
        assertThatThrownBy(() -> DotLock.acquire(file, "MH folder f", SHORT, null, new GivenUpLocks()))
                .isInstanceOf(IOException.class).hasMessageContaining(file.toString());
        assertThat(file).exists();
    }

    @Test
    void anOwnerOnAnotherHostIsLeftToTheAgeRule() throws Exception {
        Path file = lock(DeadProcess.pid() + " elsewhere.example.org 2024-05-01T10:00:00Z\n", Duration.ofMinutes(1));
        assertThatThrownBy(() -> acquire(file)).isInstanceOf(IOException.class).hasMessageContaining("elsewhere.example.org");
        assertThat(file).exists();
    }

    @Test
    void closingLeavesALockThatIsNoLongerOurs() throws Exception {
        Path file = dir.resolve("inbox.lock");
        DotLock held = acquire(file);
        Files.writeString(file, "4242:elsewhere"); // someone judged ours stale and took over
        held.close();
        assertThat(file).exists();
    }

    @Test
    void aMomentaryLockIsWaitedForWithoutALine() throws Exception {
        Path file = lock(LockOwner.current().fileContent(), Duration.ZERO); // a delivery in progress
        Thread release = new Thread(() -> {
            try {
                Thread.sleep(300);
                Files.delete(file);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        try (VisibleLogLines log = VisibleLogLines.capture()) {
            release.start();
            try (DotLock held = DotLock.acquire(file, "mbox folder inbox", Duration.ofSeconds(10), FIVE_MINUTES, new GivenUpLocks())) {
                assertThat(Files.readString(file)).isEqualTo(LockOwner.current().fileContent());
            }
            release.join();
            assertThat(log.lines()).noneMatch(line -> line.contains(file.toString()));
        }
    }

    @Test
    void aZeroWaitFailsAtOnceOnARunningHolder() throws Exception {
        System.setProperty(LockWait.PROPERTY, "0");
        try {
            Path file = lock(LockOwner.current().fileContent(), Duration.ZERO);
            long start = System.nanoTime();
            assertThatThrownBy(() -> DotLock.acquire(file, "x", LockWait.configured(), FIVE_MINUTES, new GivenUpLocks()))
                    .isInstanceOf(IOException.class).hasMessageContaining("0 s");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(500));
        } finally {
            System.clearProperty(LockWait.PROPERTY);
        }
    }

    @Test
    void aWaitThatIsNotANumberFallsBackToTheDefault() {
        System.setProperty(LockWait.PROPERTY, "soon");
        try {
            assertThat(LockWait.configured()).isEqualTo(LockWait.DEFAULT);
        } finally {
            System.clearProperty(LockWait.PROPERTY);
        }
        System.setProperty(LockWait.PROPERTY, "2.5");
        try {
            assertThat(LockWait.configured()).isEqualTo(Duration.ofMillis(2500));
        } finally {
            System.clearProperty(LockWait.PROPERTY);
        }
    }
}
