package org.mailsync.route;

import java.util.TreeMap;
import java.util.stream.Collectors;

import org.apache.camel.ExchangeProperty;
import org.mailsync.camel.MailsyncConstants;
import org.mailsync.job.SyncJob;
import org.mailsync.report.PairOutcome;
import org.mailsync.sync.SyncPlan;
import org.mailsync.sync.ThreeWayPlanner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Hands an indexed folder pair to the {@link ThreeWayPlanner}. */
public class PlanMaker {

    private static final Logger LOG = LoggerFactory.getLogger(PlanMaker.class);

    /** The plan for the pair. */
    public SyncPlan plan(IndexedPair indexed, @ExchangeProperty(MailsyncConstants.JOB) SyncJob job) {
        SyncPlan plan = ThreeWayPlanner.plan(indexed.pair().boxname(), indexed.a(), indexed.b(), indexed.msinfo(), job.options());
        if (LOG.isDebugEnabled()) {
            LOG.debug("plan for {}: {} msinfo, {} actions {}", indexed.pair().boxname(), indexed.msinfo().size(),
                    plan.actions().size(), plan.actions().stream()
                            .collect(Collectors.groupingBy(a -> a.type() + " " + a.side(), TreeMap::new, Collectors.counting())));
        }
        return plan;
    }

    /** The outcome record the action steps fill in. */
    public PairOutcome outcome(@ExchangeProperty(MailsyncConstants.PAIR) FolderPair pair, SyncPlan plan) {
        return new PairOutcome(pair.boxname(), plan);
    }
}
