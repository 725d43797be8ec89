package org.mailsync.route;

import org.apache.camel.ExchangeProperty;
import org.mailsync.camel.MailsyncConstants;
import org.mailsync.job.SyncJob;
import org.mailsync.trash.TrashPurger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The end of a sync: removes for good what the channel's runs moved to its trashes more than
 * {@code trashdays} ago ({@link TrashPurger}). A purge that fails is a warning, never the run's
 * failure: the entries stay and the next run tries again.
 */
public class TrashPurge {

    private static final Logger LOG = LoggerFactory.getLogger(TrashPurge.class);

    /** Purges the job's expired trash entries; nothing in a simulation. */
    public void purge(@ExchangeProperty(MailsyncConstants.JOB) SyncJob job) {
        if (job.simulate() || job.trash().side(org.mailsync.sync.Side.A) == null) {
            return;
        }
        try {
            int purged = TrashPurger.purge(job.trash(), job.state(), job.channel(), job.a().store(), job.b().store());
            if (purged > 0) {
                LOG.debug("purged {} message(s) kept in the trash longer than {}", purged, job.trash().retention());
            }
        } catch (Exception e) {
            job.report().warning("the trash could not be purged of deletions older than " + job.trash().retention().toDays()
                    + " days (they stay, the next run tries again): " + e.getMessage());
        }
    }
}
