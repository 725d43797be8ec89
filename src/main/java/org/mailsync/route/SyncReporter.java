package org.mailsync.route;

import java.util.List;

import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.mailsync.camel.MailsyncConstants;
import org.mailsync.job.DiffJob;
import org.mailsync.job.Job;
import org.mailsync.job.SyncJob;
import org.mailsync.report.PairOutcome;
import org.mailsync.report.RunReport;
import org.mailsync.sync.ActionType;
import org.mailsync.sync.SyncAction;

/**
 * The route set's door to the job's {@link org.mailsync.report.SyncReport}: stateless, so one
 * bean serves every job, while each job's report keeps its own counts.
 */
public class SyncReporter {

    /** The start of a sync. */
    public void begin(@ExchangeProperty(MailsyncConstants.JOB) SyncJob job) {
        job.report().begin(job.channel(), job.a().name(), job.b().name(), job.simulate());
    }

    /** The start of diff mode. */
    public void beginDiff(@ExchangeProperty(MailsyncConstants.JOB) DiffJob job) {
        job.report().beginDiff(job.channel(), job.store().name());
    }

    /** The start of a folder pair; a progress display learns what it will copy (a simulation copies nothing). */
    public void pairBegin(@ExchangeProperty(MailsyncConstants.JOB) SyncJob job,
                          @ExchangeProperty(MailsyncConstants.PAIR) FolderPair pair,
                          @ExchangeProperty(MailsyncConstants.OUTCOME) PairOutcome outcome) {
        job.report().pairBegin(pair.boxname());
        if (!job.simulate() && outcome != null) {
            List<SyncAction> copies = outcome.plan().actionsOf(ActionType.COPY);
            if (!copies.isEmpty()) {
                long bytes = copies.stream().mapToLong(a -> Math.max(0, a.message().meta().size())).sum();
                job.report().progress().pairStarted(pair.boxname(), copies.size(), bytes);
            }
        }
    }

    /** An action that only reports, or any action in a simulation. */
    public void action(SyncAction action,
                       @ExchangeProperty(MailsyncConstants.JOB) SyncJob job,
                       @ExchangeProperty(MailsyncConstants.PAIR) FolderPair pair) {
        job.report().action(pair.boxname(), action);
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
            case SET_FLAGS -> outcome.flagsChanged(action);
            default -> {
                // reports count through the plan itself
            }
        }
        job.report().action(pair.boxname(), action);
    }

    /** The end of a folder pair. */
    public void pairEnd(@ExchangeProperty(MailsyncConstants.JOB) SyncJob job,
                        @ExchangeProperty(MailsyncConstants.OUTCOME) PairOutcome outcome) {
        // The display ends first, so that the pair's summary lines follow a finished bar.
        job.report().progress().pairEnded(outcome.boxname());
        job.report().pairEnd(outcome);
    }

    /** A folder pair (or diff folder) that failed as a whole: skipped, and reported by name. */
    public void pairFailed(@ExchangeProperty(MailsyncConstants.JOB) Job job,
                           @ExchangeProperty(MailsyncConstants.PAIR) FolderPair pair,
                           @ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Exception cause) {
        if (pair != null) {
            job.report().progress().pairEnded(pair.boxname());
        }
        job.report().pairFailed(pair == null ? null : pair.boxname(), cause);
    }

    /**
     * Whether the runtime is stopping (SIGTERM to the daemon): the folder pair in progress
     * finishes and commits, the ones not started yet are left for the next run.
     */
    public boolean isStopping(Exchange exchange) {
        return exchange.getContext().isStopping();
    }

    /** A folder pair not started because the runtime is stopping: left for the next run. */
    public void stopped(FolderPair pair, @ExchangeProperty(MailsyncConstants.JOB) SyncJob job) {
        job.report().problem();
        job.report().warnOnce("stopping", "mailsync is stopping: folder \"" + pair.boxname()
                + "\" and the ones after it are left for the next run");
    }

    /** The run's report, as the exchange's final body. */
    public RunReport result(@ExchangeProperty(MailsyncConstants.JOB) Job job) {
        return job.report().toRunReport();
    }
}
