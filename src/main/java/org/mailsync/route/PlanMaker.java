package org.mailsync.route;

import org.apache.camel.ExchangeProperty;
import org.mailsync.sync.SyncPlan;
import org.mailsync.sync.ThreeWayPlanner;

/** Hands an indexed folder pair to the {@link ThreeWayPlanner}. */
public class PlanMaker {

    /** The plan for the pair. */
    public SyncPlan plan(IndexedPair indexed, @ExchangeProperty(MailsyncConstants.JOB) SyncJob job) {
        return ThreeWayPlanner.plan(indexed.pair().boxname(), indexed.a(), indexed.b(), indexed.msinfo(), job.options());
    }

    /** The outcome record the action steps fill in. */
    public PairOutcome outcome(@ExchangeProperty(MailsyncConstants.PAIR) FolderPair pair, SyncPlan plan) {
        return new PairOutcome(pair, plan);
    }
}
