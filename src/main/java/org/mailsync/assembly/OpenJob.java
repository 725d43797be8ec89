package org.mailsync.assembly;

import java.util.ArrayDeque;
import java.util.Deque;

import org.mailsync.job.Job;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A job with everything it opened (stores, the channel lock, the state), closed together in
 * the reverse order of opening; closing never throws.
 */
public final class OpenJob implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(OpenJob.class);

    private final Job job;
    private final Deque<AutoCloseable> resources;

    OpenJob(Job job, Deque<AutoCloseable> resources) {
        this.job = job;
        this.resources = resources;
    }

    /** The job, ready to run. */
    public Job job() {
        return job;
    }

    @Override
    public synchronized void close() {
        closeAll(resources);
    }

    static void closeAll(Deque<AutoCloseable> resources) {
        while (!resources.isEmpty()) {
            AutoCloseable r = resources.pop();
            try {
                r.close();
            } catch (Exception e) {
                LOG.warn("closing {}: {}", r, e.toString());
            }
        }
    }

    static Deque<AutoCloseable> stack() {
        return new ArrayDeque<>();
    }
}
