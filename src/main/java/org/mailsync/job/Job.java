package org.mailsync.job;

import org.mailsync.report.SyncReport;

/**
 * One request to the route set: a sync, a diff or a listing, with everything it needs already
 * opened. It travels in the exchange property {@code mailsyncJob}; the route beans are
 * stateless and read it from there.
 */
public sealed interface Job permits SyncJob, DiffJob, ListJob, UndoJob, CheckJob, MigrateJob {

    /** Where the job's results go. */
    SyncReport report();
}
