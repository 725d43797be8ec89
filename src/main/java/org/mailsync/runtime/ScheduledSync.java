package org.mailsync.runtime;

import java.util.concurrent.Callable;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bean the schedule route calls: one sync of the channel per firing, with its own stores,
 * msinfo and lock, so that a failed run (a server down) leaves the next one unaffected.
 */
public final class ScheduledSync {

    private static final Logger LOG = LoggerFactory.getLogger(ScheduledSync.class);

    private final Callable<Integer> oneRun;
    private int runs;
    private int lastExitCode = -1;

    /** @param oneRun a whole sync of the channel, returning its exit code */
    public ScheduledSync(Callable<Integer> oneRun) {
        this.oneRun = oneRun;
    }

    /** Runs one sync; a failure is logged and the schedule goes on. */
    public synchronized int run() {
        runs++;
        try {
            lastExitCode = oneRun.call();
        } catch (Exception e) {
            LOG.error("scheduled sync failed: {}", e.getMessage());
            lastExitCode = 1;
        }
        return lastExitCode;
    }

    /** How many runs have started. */
    public synchronized int runs() {
        return runs;
    }

    /** The exit code of the last run, -1 before the first. */
    public synchronized int lastExitCode() {
        return lastExitCode;
    }
}
