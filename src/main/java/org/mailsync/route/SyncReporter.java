package org.mailsync.route;

import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.mailsync.sync.SyncAction;

/**
 * The route set's door to the job's {@link SyncReport}: stateless, so one bean serves every
 * job, while each job's report keeps its own counts.
 */
public class SyncReporter {

    /** The start of a sync. */
    public void begin(@ExchangeProperty(MailsyncConstants.JOB) SyncJob job) {
        job.report().begin(job);
    }

    /** The start of diff mode. */
    public void beginDiff(@ExchangeProperty(MailsyncConstants.JOB) SyncJob job) {
        job.report().beginDiff(job);
    }

    /** The start of a folder pair. */
    public void pairBegin(@ExchangeProperty(MailsyncConstants.JOB) SyncJob job,
                          @ExchangeProperty(MailsyncConstants.PAIR) FolderPair pair) {
        job.report().pairBegin(pair);
    }

    /** An action that only reports, or any action in a simulation. */
    public void action(SyncAction action,
                       @ExchangeProperty(MailsyncConstants.JOB) SyncJob job,
                       @ExchangeProperty(MailsyncConstants.PAIR) FolderPair pair) {
        job.report().action(pair, action);
    }

    /**
     * An action of a simulation: reported, and counted as if it had been carried out, so that
     * the summary shows what a real run would do.
     */
    public void simulated(SyncAction action,
                          @ExchangeProperty(MailsyncConstants.JOB) SyncJob job,
                          @ExchangeProperty(MailsyncConstants.PAIR) FolderPair pair,
                          @ExchangeProperty(MailsyncConstants.OUTCOME) PairOutcome outcome) {
        switch (action.type()) {
            case COPY -> outcome.copied(action);
            case DELETE, DELETE_DUPLICATE -> outcome.deleted(action.side(), java.util.List.of(action));
            case CREATE_FOLDER, REMOVE_FOLDER -> outcome.folderActionDone(action);
            default -> {
                // reports count through the plan itself
            }
        }
        job.report().action(pair, action);
    }

    /** The end of a folder pair. */
    public void pairEnd(@ExchangeProperty(MailsyncConstants.JOB) SyncJob job,
                        @ExchangeProperty(MailsyncConstants.OUTCOME) PairOutcome outcome) {
        job.report().pairEnd(outcome);
    }

    /** A folder pair that failed as a whole. */
    public void pairFailed(@ExchangeProperty(MailsyncConstants.JOB) SyncJob job,
                           @ExchangeProperty(MailsyncConstants.PAIR) FolderPair pair,
                           @ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Exception cause) {
        job.report().pairFailed(pair, cause);
    }

    /** The run's exit code, as the exchange's final body. */
    public int exitCode(@ExchangeProperty(MailsyncConstants.JOB) SyncJob job) {
        return job.report().exitCode();
    }
}
