package org.mailsync.route;

import java.util.TreeMap;
import java.util.stream.Collectors;

import org.apache.camel.ExchangeProperty;
import org.mailsync.camel.MailsyncConstants;
import org.mailsync.job.SyncJob;
import org.mailsync.report.PairOutcome;
import org.mailsync.sync.DeletionLimit;
import org.mailsync.sync.FolderIndex;
import org.mailsync.sync.Side;
import org.mailsync.sync.SyncOptions;
import org.mailsync.sync.SyncPlan;
import org.mailsync.sync.ThreeWayPlanner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Hands an indexed folder pair to the {@link ThreeWayPlanner}. */
public class PlanMaker {

    private static final Logger LOG = LoggerFactory.getLogger(PlanMaker.class);

    /** The plan for the pair. */
    public SyncPlan plan(IndexedPair indexed, @ExchangeProperty(MailsyncConstants.JOB) SyncJob job,
                         @ExchangeProperty(EmptiedStores.PROPERTY) EmptiedStores.Run emptied) {
        SyncPlan plan = ThreeWayPlanner.plan(indexed.pair().boxname(), indexed.a(), indexed.b(), indexed.msinfo(),
                options(indexed, job, emptied));
        if (LOG.isDebugEnabled()) {
            LOG.debug("plan for {}: {} msinfo, {} actions {}", indexed.pair().boxname(), indexed.msinfo().size(),
                    plan.actions().size(), plan.actions().stream()
                            .collect(Collectors.groupingBy(a -> a.type() + " " + a.side(), TreeMap::new, Collectors.counting())));
        }
        return plan;
    }

    /**
     * The job's options, with no deletion let through on the side opposite a store that is
     * empty as a whole ({@link EmptiedStores}) where they would empty that side's folder too
     * (with new mail in it, the run would not delete every message of the store): asked only
     * when this pair's folder on a side is empty while msinfo remembers messages.
     */
    static SyncOptions options(IndexedPair indexed, SyncJob job, EmptiedStores.Run emptied) {
        SyncOptions options = job.options();
        if (emptied == null || options.forceDeletions() || indexed.msinfo().isEmpty()) {
            return options;
        }
        for (Side side : Side.values()) {
            FolderIndex index = side == Side.A ? indexed.a() : indexed.b();
            FolderIndex other = side == Side.A ? indexed.b() : indexed.a();
            if (index != null && index.messages().isEmpty() && wouldEmpty(other, indexed)
                    && emptied.emptied(side, job)) {
                return options.withMaxDelete(DeletionLimit.STORE_EMPTIED);
            }
        }
        return options;
    }

    /**
     * Whether carrying the deletions over would leave the other side's folder empty: all it
     * holds is remembered (no new mail in it, which would stay).
     */
    private static boolean wouldEmpty(FolderIndex other, IndexedPair indexed) {
        return other != null && other.messages().stream()
                .allMatch(m -> m.hasIdentity() && indexed.msinfo().containsKey(m.identity()));
    }

    /** The outcome record the action steps fill in. */
    public PairOutcome outcome(@ExchangeProperty(MailsyncConstants.PAIR) FolderPair pair, SyncPlan plan,
                               @ExchangeProperty(SettledPairs.REMAIN) Integer settledRemain) {
        return settledRemain == null ? new PairOutcome(pair.boxname(), plan)
                : new PairOutcome(pair.boxname(), plan, settledRemain);
    }
}
