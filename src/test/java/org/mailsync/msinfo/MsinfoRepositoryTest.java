package org.mailsync.msinfo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MsinfoRepositoryTest {

    @TempDir
    Path dir;

    @Test
    void replacedSetsReadBackPerChannelAndBoxname() throws Exception {
        Path file = dir.resolve("state/.msinfo.db");
        try (MsinfoRepository repo = MsinfoRepository.open(file)) {
            repo.replace("laptop", "INBOX", Set.of("<a@x>", "<b@x>"));
            repo.replace("laptop", "work/projects", Set.of("<c@x>"));
            repo.replace("other", "INBOX", Set.of("<z@x>"));
            repo.replace("laptop", "INBOX", Set.of("<b@x>", "<d@x>"));
        }
        try (MsinfoRepository repo = MsinfoRepository.open(file)) {
            assertThat(repo.load("laptop", "INBOX")).containsExactlyInAnyOrder("<b@x>", "<d@x>");
            assertThat(repo.load("laptop", "work/projects")).containsExactly("<c@x>");
            assertThat(repo.load("other", "INBOX")).containsExactly("<z@x>");
            assertThat(repo.load("laptop", "never")).isEmpty();
            assertThat(repo.boxnames("laptop")).containsExactly("INBOX", "work/projects");
        }
    }

    @Test
    void fileIsPrivateToItsOwner() throws Exception {
        Path file = dir.resolve(".msinfo");
        try (MsinfoRepository repo = MsinfoRepository.open(file)) {
            repo.replace("c", "b", Set.of("<a@x>"));
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }

    @Test
    void readOnlyNeverCreatesTheFile() throws Exception {
        Path file = dir.resolve("absent.db");
        try (MsinfoRepository repo = MsinfoRepository.openReadOnly(file)) {
            assertThat(repo.load("c", "INBOX")).isEmpty();
            assertThat(repo.boxnames("c")).isEmpty();
        }
        assertThat(file).doesNotExist();
    }

    @Test
    void readOnlyReadsWithoutChangingTheFile() throws Exception {
        Path file = dir.resolve("m.db");
        try (MsinfoRepository repo = MsinfoRepository.open(file)) {
            repo.replace("c", "INBOX", Set.of("<a@x>"));
        }
        byte[] before = Files.readAllBytes(file);
        try (MsinfoRepository repo = MsinfoRepository.openReadOnly(file)) {
            assertThat(repo.load("c", "INBOX")).containsExactly("<a@x>");
            assertThatThrownBy(() -> repo.replace("c", "INBOX", Set.of())).isInstanceOf(IllegalStateException.class);
        }
        assertThat(Files.readAllBytes(file)).isEqualTo(before);
        assertThat(dir.resolve("m.db-wal")).doesNotExist();
        assertThat(dir.resolve("m.db-shm")).doesNotExist();
    }

    @Test
    void unwritableLocationIsAClearError() throws Exception {
        Path blocker = Files.writeString(dir.resolve("not-a-dir"), "x");
        Path file = blocker.resolve("msinfo.db");
        assertThatThrownBy(() -> MsinfoRepository.open(file))
                .isInstanceOf(MsinfoException.class)
                .hasMessageContaining(file.toString());
    }

    @Test
    void forgettingAPairDropsItsIdentities() throws Exception {
        try (MsinfoRepository repo = MsinfoRepository.open(dir.resolve("f.db"))) {
            repo.replace("c", "gone", Set.of("<a@x>"));
            repo.forget("c", "gone");
            assertThat(repo.load("c", "gone")).isEmpty();
            assertThat(repo.boxnames("c")).isEmpty();
        }
    }

    @Test
    void concurrentWritersAllSucceed() throws Exception {
        Path file = dir.resolve("busy.db");
        MsinfoRepository.open(file).close();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> results = new ArrayList<>();
            for (int w = 0; w < 4; w++) {
                String box = "box" + w;
                results.add(pool.submit(() -> {
                    try (MsinfoRepository repo = MsinfoRepository.open(file)) {
                        for (int round = 0; round < 25; round++) {
                            Set<String> ids = new HashSet<>();
                            for (int i = 0; i <= round; i++) {
                                ids.add("<" + box + "-" + i + "@x>");
                            }
                            repo.replace("c", box, ids);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : results) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        try (MsinfoRepository repo = MsinfoRepository.open(file)) {
            for (int w = 0; w < 4; w++) {
                assertThat(repo.load("c", "box" + w)).hasSize(25);
            }
        }
    }

    @Test
    void schemaVersionConstantIsTheNewestMigration() throws Exception {
        String newest;
        try (var files = Files.list(Path.of("src/main/resources/db/msinfo"))) {
            newest = files.map(f -> f.getFileName().toString())
                    .filter(n -> n.matches("V\\d+__.*\\.sql"))
                    .map(n -> n.substring(1, n.indexOf("__")))
                    .max(java.util.Comparator.comparingInt(Integer::parseInt)).orElseThrow();
        }
        assertThat(MsinfoRepository.SCHEMA_VERSION).isEqualTo(newest);
    }

    @Test
    void reopeningACurrentDatabaseKeepsItsStateAndHistory() throws Exception {
        Path file = dir.resolve("current.db");
        try (MsinfoRepository repo = MsinfoRepository.open(file)) {
            repo.replace("c", "b", Set.of("<a@x>"));
        }
        try (MsinfoRepository repo = MsinfoRepository.open(file)) {
            assertThat(repo.load("c", "b")).containsExactly("<a@x>");
        }
        try (var c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + file);
             var rs = c.createStatement().executeQuery("SELECT count(*) FROM flyway_schema_history")) {
            rs.next();
            assertThat(rs.getInt(1)).as("one row per migration, none added by reopening")
                    .isEqualTo(Integer.parseInt(MsinfoRepository.SCHEMA_VERSION));
        }
    }
}
