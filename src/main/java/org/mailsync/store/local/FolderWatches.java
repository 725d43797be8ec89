package org.mailsync.store.local;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lets a long-running process (the daemon) reuse a local folder's {@link FolderFingerprint}
 * while the kernel reports no change in the directories it covers (inotify through the JDK's
 * {@link WatchService}), instead of a {@code stat} of every message file on every poll. Off
 * unless {@link #enable()}d: a one-shot run has nothing to remember between runs.
 *
 * <p>Never trusted blindly: the directories are watched <em>before</em> the fingerprint is
 * computed, so any change after that computation reports an event; an event (or the queue's
 * overflow) on any watched directory drops what is kept for its folder; and a kept
 * fingerprint is recomputed anyway after {@link #MAX_AGE}, for file systems whose changes the
 * kernel does not see (a network file system written from another host). A change the JDK has
 * not delivered yet when a poll asks is seen at the next poll: a delay, never a loss (the pair is
 * skipped this time, and synced the next).
 */
public final class FolderWatches {

    private static final Logger LOG = LoggerFactory.getLogger(FolderWatches.class);

    /** How long a kept fingerprint is reused at most without looking at the files. */
    static final Duration MAX_AGE = Duration.ofMinutes(10);

    private static volatile FolderWatches instance;

    private final WatchService service;
    private final Clock clock;
    private final Map<Path, Kept> kept = new HashMap<>();
    private final Map<WatchKey, Path> folderOf = new HashMap<>();

    private record Kept(String fingerprint, long generation, Instant at) {
    }

    private final Map<Path, Long> generations = new HashMap<>();

    FolderWatches(WatchService service, Clock clock) {
        this.service = service;
        this.clock = clock;
    }

    /** Turns watching on for this process (the daemon); harmless when the platform cannot watch. */
    public static synchronized void enable() {
        if (instance == null) {
            try {
                instance = new FolderWatches(FileSystems.getDefault().newWatchService(), Clock.systemUTC());
            } catch (IOException | UnsupportedOperationException e) {
                LOG.debug("no folder watching: {}", e.toString());
            }
        }
    }

    /** The process's watches, or null when watching is off. */
    static FolderWatches active() {
        return instance;
    }

    /**
     * The folder's fingerprint: the kept one while nothing changed, else computed by
     * {@code compute} (after the directories are watched) and kept.
     */
    synchronized String fingerprint(Path folder, List<Path> dirs, Computation compute) throws IOException {
        drain();
        Kept k = kept.get(folder);
        long generation = generations.getOrDefault(folder, 0L);
        if (k != null && k.generation() == generation && clock.instant().isBefore(k.at().plus(MAX_AGE))) {
            return k.fingerprint();
        }
        for (Path dir : dirs) {
            try {
                WatchKey key = dir.register(service, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_DELETE,
                        StandardWatchEventKinds.ENTRY_MODIFY);
                folderOf.put(key, folder);
            } catch (IOException e) {
                LOG.debug("cannot watch {}: {}", dir, e.toString());
                kept.remove(folder);
                return compute.run();
            }
        }
        String fingerprint = compute.run();
        drain(); // a change while computing: not kept
        if (fingerprint != null && generations.getOrDefault(folder, 0L) == generation) {
            kept.put(folder, new Kept(fingerprint, generation, clock.instant()));
        } else {
            kept.remove(folder);
        }
        return fingerprint;
    }

    /** Counts every event delivered so far against its folder. */
    private void drain() {
        WatchKey key;
        List<WatchKey> done = new ArrayList<>();
        while ((key = service.poll()) != null) {
            Path folder = folderOf.get(key);
            key.pollEvents(); // OVERFLOW included: anything at all means "look again"
            if (folder != null) {
                generations.merge(folder, 1L, Long::sum);
            }
            done.add(key);
        }
        for (WatchKey k : done) {
            if (!k.reset()) {
                folderOf.remove(k); // the directory is gone
            }
        }
    }

    /** Computes a fingerprint by looking at the files (null: cannot vouch now). */
    @FunctionalInterface
    public interface Computation {
        String run() throws IOException;
    }
}
