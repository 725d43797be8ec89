package org.mailsync.karaf;

import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs at most one {@link KarafDaemon} at a time: each new configuration stops the running one
 * gracefully and starts one with the new settings; no configuration (or an invalid one) leaves
 * none running. The changes happen one after the other on a thread of the supervisor's own,
 * never on ConfigAdmin's, whose other configurations would wait for a graceful stop. A daemon
 * that cannot start is logged with the reason, and the next configuration tries again.
 */
public final class DaemonSupervisor implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DaemonSupervisor.class);
    /** Longer than a daemon's graceful stop (300 s for the folder pair in progress). */
    private static final long CLOSE_TIMEOUT_SECONDS = 330;

    private final Path dataArea;
    private final ClassLoader bundleLoader;
    private final ExecutorService thread;
    private KarafDaemon running;

    /**
     * @param dataArea     the bundle's own directory (spool directories go there)
     * @param bundleLoader the bundle's class loader, the context class loader of its thread
     */
    public DaemonSupervisor(Path dataArea, ClassLoader bundleLoader) {
        this.dataArea = dataArea;
        this.bundleLoader = bundleLoader;
        this.thread = Executors.newSingleThreadExecutor(task -> {
            Thread t = new Thread(task, "mailsync-supervisor");
            t.setContextClassLoader(bundleLoader);
            return t;
        });
    }

    /**
     * Stops the running daemon and, with settings, starts a new one.
     *
     * @param settings the new settings, or null to run none
     * @return done when the change is
     */
    public Future<?> apply(KarafSettings settings) {
        return thread.submit(() -> {
            stopRunning();
            if (settings != null) {
                KarafDaemon daemon = new KarafDaemon(settings, dataArea, bundleLoader);
                try {
                    daemon.start();
                    running = daemon;
                } catch (Exception | LinkageError e) {
                    LOG.error("mailsync cannot start with {}: {}", settings.config(), e.getMessage(), e);
                }
            }
        });
    }

    private void stopRunning() {
        if (running != null) {
            running.stop();
            running = null;
        }
    }

    /** Stops the running daemon gracefully and waits for it. */
    @Override
    public void close() throws InterruptedException {
        thread.submit(this::stopRunning);
        thread.shutdown();
        if (!thread.awaitTermination(CLOSE_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            LOG.warn("mailsync did not stop within {} s", CLOSE_TIMEOUT_SECONDS);
        }
    }
}
