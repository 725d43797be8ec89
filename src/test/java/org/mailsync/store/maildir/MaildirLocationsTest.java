package org.mailsync.store.maildir;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * The hints of where message files are stay whole while threads on different folders use them
 * at once: a folder's hints are never lost nor mixed up with another's as long as no more
 * folders are in use than are remembered.
 */
class MaildirLocationsTest {

    @Test
    void threadsOnDifferentFoldersKeepTheirOwnHints() throws Exception {
        int threads = 8;
        MaildirLocations locations = new MaildirLocations(threads);
        CyclicBarrier start = new CyclicBarrier(threads);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                Path folder = Path.of("/mail/f" + t);
                done.add(pool.submit(() -> {
                    Map<String, Path> files = new HashMap<>();
                    for (int k = 0; k < 200; k++) {
                        files.put("k" + k, folder.resolve("cur/k" + k));
                    }
                    start.await(30, TimeUnit.SECONDS);
                    for (int round = 0; round < 200; round++) {
                        locations.remember(folder, files);
                        for (int k = 0; k < 200; k++) {
                            assertThat(locations.get(folder, "k" + k)).isEqualTo(folder.resolve("cur/k" + k));
                            locations.put(folder, "n" + k, folder.resolve("new/n" + k));
                            assertThat(locations.get(folder, "n" + k)).isEqualTo(folder.resolve("new/n" + k));
                            locations.remove(folder, "n" + k);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get(2, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void theLeastRecentlyUsedFolderIsForgottenFirst() {
        MaildirLocations locations = new MaildirLocations(2);
        locations.remember(Path.of("/a"), Map.of("k", Path.of("/a/cur/k")));
        locations.remember(Path.of("/b"), Map.of("k", Path.of("/b/cur/k")));
        locations.get(Path.of("/a"), "k");
        locations.remember(Path.of("/c"), Map.of("k", Path.of("/c/cur/k")));
        assertThat(locations.get(Path.of("/a"), "k")).isEqualTo(Path.of("/a/cur/k"));
        assertThat(locations.get(Path.of("/b"), "k")).isNull();
        locations.forget(Path.of("/a"));
        assertThat(locations.get(Path.of("/a"), "k")).isNull();
    }
}
