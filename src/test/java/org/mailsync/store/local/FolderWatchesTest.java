package org.mailsync.store.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daemon's folder watches: a kept fingerprint is reused only while the kernel reports no
 * change in the watched directories; a new file, a file rewritten in place (even with its mtime
 * set back) or a removed one makes the next poll look at the files again, and so does age.
 */
class FolderWatchesTest {

    @TempDir
    Path folder;

    final AtomicInteger computed = new AtomicInteger();
    MutableClock clock = new MutableClock();
    FolderWatches watches;

    @BeforeEach
    void watch() throws Exception {
        Files.writeString(folder.resolve("1"), "one");
        watches = new FolderWatches(FileSystems.getDefault().newWatchService(), clock);
    }

    private String fingerprint() throws Exception {
        return watches.fingerprint(folder, List.of(folder), () -> "fp" + computed.incrementAndGet());
    }

    /** The kernel's events reach the JDK's queue asynchronously: ask until it shows, or give up. */
    private String fingerprintOnceSeen(String before) throws Exception {
        for (int i = 0; i < 100; i++) {
            String now = fingerprint();
            if (!now.equals(before)) {
                return now;
            }
            Thread.sleep(50);
        }
        return before;
    }

    @Test
    void anUnchangedFolderIsNotLookedAtAgain() throws Exception {
        String first = fingerprint();
        Thread.sleep(300);
        assertThat(fingerprint()).isEqualTo(first);
        assertThat(computed).hasValue(1);
    }

    @Test
    void aNewFileIsSeen() throws Exception {
        String first = fingerprint();
        Files.writeString(folder.resolve("2"), "two");
        assertThat(fingerprintOnceSeen(first)).isNotEqualTo(first);
    }

    @Test
    void aFileRewrittenInPlaceWithItsMtimeSetBackIsSeen() throws Exception {
        FileTime mtime = Files.getLastModifiedTime(folder.resolve("1"));
        String first = fingerprint();
        Files.writeString(folder.resolve("1"), "ONE");
        Files.setLastModifiedTime(folder.resolve("1"), mtime);
        assertThat(fingerprintOnceSeen(first)).isNotEqualTo(first);
    }

    @Test
    void aRemovedFileIsSeen() throws Exception {
        String first = fingerprint();
        Files.delete(folder.resolve("1"));
        assertThat(fingerprintOnceSeen(first)).isNotEqualTo(first);
    }

    @Test
    void aKeptFingerprintIsLookedAtAgainAfterItsMaximumAge() throws Exception {
        String first = fingerprint();
        clock.now = clock.now.plus(FolderWatches.MAX_AGE).plusSeconds(1);
        assertThat(fingerprint()).isNotEqualTo(first);
    }

    @Test
    void aFingerprintThatCannotVouchIsNeverKept() throws Exception {
        assertThat(watches.fingerprint(folder, List.of(folder), () -> null)).isNull();
        assertThat(fingerprint()).isEqualTo("fp1");
    }

    static final class MutableClock extends Clock {
        Instant now = Instant.parse("2026-12-01T00:00:00Z");

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
