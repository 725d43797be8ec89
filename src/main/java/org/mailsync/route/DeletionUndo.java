package org.mailsync.route;

import org.apache.camel.ExchangeProperty;
import org.mailsync.camel.MailsyncConstants;
import org.mailsync.job.UndoJob;
import org.mailsync.msinfo.MsinfoException;
import org.mailsync.trash.DeletionRestorer;

/** {@code mailsync undo}: restores (or with {@code -s} lists) the logged deletions of the job's channel. */
public class DeletionUndo {

    /** Restores the deletions the job asks for ({@link DeletionRestorer}). */
    public void undo(@ExchangeProperty(MailsyncConstants.JOB) UndoJob job) throws MsinfoException {
        job.report().beginUndo(job.channel(), job.a().name(), job.b().name(), job.listOnly());
        new DeletionRestorer(job.trash(), job.state(), job.report(), job.a().store(), job.a().name(), job.b().store(),
                job.b().name()).restore(job.state().deletions(job.channel(), job.since()), job.listOnly());
    }
}
