package org.mailsync.msinfo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The documented recovery, deleting (or moving aside) a channel's msinfo, works whatever a
 * crash left beside it, and a damaged msinfo is one error that says how to recover.
 */
class MsinfoRecoveryTest {

    @TempDir
    Path dir;

    /**
     * A crash image: the committed state still in the -wal (as kill -9 leaves it), copied while
     * the writer has the database open.
     */
    private Path crashImage(Path file) throws Exception {
        Path saved = Files.createDirectories(dir.resolve("saved"));
        try (MsinfoRepository repo = MsinfoRepository.open(file)) {
            repo.replace("c", "INBOX", Set.of("<a@x>", "<b@x>"));
            repo.replace("c", "work", Set.of("<w@x>"));
            assertThat(Files.size(sibling(file, "-wal"))).as("the commits are still in the WAL").isPositive();
            Files.copy(sibling(file, "-wal"), saved.resolve("wal"));
            Files.copy(sibling(file, "-shm"), saved.resolve("shm"));
        }
        Files.copy(saved.resolve("wal"), sibling(file, "-wal"), StandardCopyOption.REPLACE_EXISTING);
        Files.copy(saved.resolve("shm"), sibling(file, "-shm"), StandardCopyOption.REPLACE_EXISTING);
        return saved;
    }

    private static Path sibling(Path file, String suffix) {
        return file.resolveSibling(file.getFileName() + suffix);
    }

    @Test
    void aStaleWalBesideADeletedMsinfoIsMovedAsideNeverApplied() throws Exception {
        Path file = dir.resolve(".msinfo");
        Path saved = crashImage(file);
        Files.delete(file);

        try (MsinfoRepository repo = MsinfoRepository.open(file)) {
            assertThat(repo.boxnames("c")).as("a fresh state: the old database's WAL was not applied").isEmpty();
            repo.replace("c", "INBOX", Set.of("<new@x>"));
        }
        try (MsinfoRepository repo = MsinfoRepository.open(file)) {
            assertThat(repo.load("c", "INBOX")).containsExactly("<new@x>");
        }
        List<Path> asideWal = siblingsStartingWith(".msinfo-wal.");
        List<Path> asideShm = siblingsStartingWith(".msinfo-shm.");
        assertThat(asideWal).hasSize(1);
        assertThat(asideShm).hasSize(1);
        assertThat(Files.readAllBytes(asideWal.get(0))).as("moved aside as it was").isEqualTo(Files.readAllBytes(saved.resolve("wal")));
    }

    @Test
    void aStaleWalBesideAnEmptiedMsinfoIsMovedAsideToo() throws Exception {
        Path file = dir.resolve("state.db");
        crashImage(file);
        Files.write(file, new byte[0]);

        try (MsinfoRepository repo = MsinfoRepository.open(file)) {
            assertThat(repo.boxnames("c")).isEmpty();
        }
        assertThat(siblingsStartingWith("state.db-wal.")).hasSize(1);
    }

    @Test
    void aDamagedMsinfoIsOneErrorNamingTheFileAndTheWayToRecover() throws Exception {
        Path file = dir.resolve(".msinfo");
        try (MsinfoRepository repo = MsinfoRepository.open(file)) {
            repo.replace("c", "INBOX", Set.of("<a@x>", "<b@x>"));
        }
        damageAllButTheFirstPage(file);

        assertThatThrownBy(() -> MsinfoRepository.open(file))
                .isInstanceOf(MsinfoException.class)
                .hasMessageContaining("msinfo " + file + " is damaged")
                .hasMessageContaining("delete it or move it aside");
        assertThatThrownBy(() -> MsinfoRepository.openReadOnly(file))
                .isInstanceOf(MsinfoException.class)
                .hasMessageContaining("msinfo " + file + " is damaged")
                .hasMessageContaining("delete it or move it aside");
    }

    @Test
    void aDamagedMsinfoWithDataInItsWalIsTheSameErrorAndMovingItAsideRecovers() throws Exception {
        Path file = dir.resolve(".msinfo");
        crashImage(file);
        damageAllButTheFirstPage(file);

        assertThatThrownBy(() -> MsinfoRepository.open(file))
                .isInstanceOf(MsinfoException.class)
                .hasMessageContaining("msinfo " + file + " is damaged")
                .hasMessageContaining("delete it or move it aside");

        Files.move(file, dir.resolve("msinfo.broken"));
        try (MsinfoRepository repo = MsinfoRepository.open(file)) {
            assertThat(repo.boxnames("c")).isEmpty();
            repo.replace("c", "INBOX", Set.of("<new@x>"));
        }
        try (MsinfoRepository repo = MsinfoRepository.open(file)) {
            assertThat(repo.load("c", "INBOX")).containsExactly("<new@x>");
        }
    }

    /** What a torn write or a bad disk leaves: the header intact, the tables garbage. */
    static void damageAllButTheFirstPage(Path file) throws Exception {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            assertThat(raf.length()).isGreaterThan(4096);
            byte[] garbage = new byte[(int) raf.length() - 4096];
            for (int i = 0; i < garbage.length; i++) {
                garbage[i] = (byte) (i * 31 + 7);
            }
            raf.seek(4096);
            raf.write(garbage);
        }
    }

    private List<Path> siblingsStartingWith(String prefix) throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().startsWith(prefix)).toList();
        }
    }
}
