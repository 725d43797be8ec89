package org.mailsync.migrate;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The migration's state keeps its copies and digests across runs, privately, and a digest holds only for the same message. */
class MigrateStateTest {

    @TempDir
    Path dir;

    @Test
    void copiesAndDigestsOutliveTheRun() throws Exception {
        Path file = dir.resolve("sub/state.db");
        Instant date = Instant.parse("2020-01-02T03:04:05Z");
        try (MigrateState state = MigrateState.open(file)) {
            state.copied("INBOX", "k1", 100, date, "d1", "INBOX", "t1");
            state.copied("INBOX", "k2", 200, null, "d2", "INBOX", null);
            state.rememberDigest(MigrateState.Role.TARGET, "INBOX", "t1", 100, date, "d1");
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        try (MigrateState state = MigrateState.open(file)) {
            assertThat(state.copiedCount("INBOX")).isEqualTo(2);
            assertThat(state.copiedCount("other")).isZero();
            var source = state.digests(MigrateState.Role.SOURCE, "INBOX");
            assertThat(source).containsOnlyKeys("k1", "k2");
            assertThat(source.get("k1").matches(100, date)).isTrue();
            assertThat(source.get("k1").matches(101, date)).as("another size: another message").isFalse();
            assertThat(source.get("k1").matches(100, date.plusSeconds(1))).isFalse();
            assertThat(source.get("k2").matches(200, null)).isTrue();
            assertThat(state.digests(MigrateState.Role.TARGET, "INBOX").get("t1").digest()).isEqualTo("d1");
        }
    }
}
