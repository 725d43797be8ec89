package org.mailsync.route;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads the route set's folder-pair split runs on (bean {@code folderPairThreads}).
 *
 * <p>Why a pool without a size: the split's parallelism is per run ({@code parallel}, from the
 * request or the channel), while a Camel split's thread pool is fixed when the route is built
 * and shared by every run. So the bound is kept per run, upstream of the pool, by
 * {@link FolderPairTurns}: a run hands out its next pair only when fewer than {@code parallel}
 * of its pairs are in flight, so it never has more than {@code parallel} pairs (and one thread
 * handing them out) here, and runs of other channels at the same time are neither limited nor
 * queued behind it. A fixed pool would make a run wait for another's pairs, or, smaller than
 * the sum of the runs' {@code parallel}, let a run's pair wait for a thread that its own
 * hand-out holds. Threads live on for a few seconds between runs, are daemons (they never keep
 * a JVM alive) and carry the name {@code mailsync-pair-N} into the log.
 */
public final class FolderPairThreads {

    /** How long an idle thread waits for the next pair before it ends. */
    private static final long KEEP_ALIVE_SECONDS = 10;

    private FolderPairThreads() {
    }

    /** A new pool: a thread for each pair handed out, reused while runs keep coming. */
    public static ExecutorService newPool() {
        AtomicInteger count = new AtomicInteger();
        ThreadFactory threads = task -> {
            Thread t = new Thread(task, "mailsync-pair-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        return new ThreadPoolExecutor(0, Integer.MAX_VALUE, KEEP_ALIVE_SECONDS, TimeUnit.SECONDS, new SynchronousQueue<>(),
                threads);
    }
}
