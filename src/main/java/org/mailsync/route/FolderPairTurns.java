package org.mailsync.route;

import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.support.SynchronizationAdapter;
import org.mailsync.camel.MailsyncConstants;
import org.mailsync.job.SyncJob;
import org.mailsync.report.SyncReport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lets a sync's folder pairs run side by side, {@code parallel} at a time, while the run
 * reads as if they ran one after another. The route set uses it around the folder-pair split:
 * {@link #start} makes the run's {@link Turns}, the split's expression, which hands the pairs
 * out in folder order and the next only when fewer than {@code parallel} of this run's pairs
 * are in flight; {@link #begin}, the first step of each pair, gives the pair its section of
 * the run's report (printed in folder order, see {@link SyncReport}) and, when the pair's
 * exchange completes however it ends, closes that section and gives the turn back.
 *
 * <p>A folder's pair begins only once the pair of its parent folder (and of every folder above
 * it) has ended, as in a sync of one pair after another: a local store makes a new folder in
 * the format of its neighbours and creates the directories above it, so a parent created
 * after its child would be a plain directory instead of, say, the mbox it would have been,
 * and an mbox parent cannot hold the child at all. Pairs are handed out in boxname order, in
 * which a parent comes before its children, so this only ever holds a child back.
 *
 * <p>Stateless: the turns of each run travel in the exchange property {@value
 * MailsyncConstants#TURNS}.
 */
public class FolderPairTurns {

    private static final Logger LOG = LoggerFactory.getLogger(FolderPairTurns.class);

    /** The run's turns over its folder pairs (in folder order), for the split to iterate. */
    public Turns start(List<FolderPair> pairs, @ExchangeProperty(MailsyncConstants.JOB) SyncJob job) {
        return new Turns(pairs, job.parallel());
    }

    /**
     * The start of one folder pair's exchange: its job becomes the pair's own, whose report is
     * the pair's section of the run's report; the section is closed and the turn given back
     * when the exchange completes, done, failed or skipped.
     */
    public void begin(FolderPair pair, Exchange exchange, @ExchangeProperty(MailsyncConstants.JOB) SyncJob job,
                      @ExchangeProperty(MailsyncConstants.TURNS) Turns turns) {
        if (turns == null) {
            return; // a route set that splits the plain list: one pair after another, on the run's report
        }
        SyncReport section = job.report().pairSection(turns.position(pair));
        exchange.setProperty(MailsyncConstants.JOB, job.withReport(section));
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onDone(Exchange done) {
                section.closeSection();
                turns.done(pair);
            }
        });
        LOG.debug("folder pair {} begins ({} of {} in flight)", pair.boxname(), turns.inFlight(), turns.parallel());
    }

    /**
     * A run's folder pairs, handed out in folder order, never more than {@code parallel} of
     * them in flight, and none while the pair of a folder above it is in flight:
     * {@link #next()} waits until a pair handed out earlier is {@link #done}. So the run never
     * has more pairs (threads, connections) at once, however many pairs or other runs there are.
     */
    public static final class Turns implements Iterator<FolderPair> {

        private final List<FolderPair> pairs;
        private final Map<FolderPair, Integer> positions = new IdentityHashMap<>();
        private final int parallel;
        /** The boxnames of the pairs handed out and not done. */
        private final Set<String> inFlight = new HashSet<>();
        private int handedOut;
        private int mostInFlight;

        /**
         * @param pairs    the run's folder pairs, in folder order
         * @param parallel how many may be in flight at once
         */
        public Turns(List<FolderPair> pairs, int parallel) {
            if (parallel < 1) {
                throw new IllegalArgumentException("parallel must be at least 1: " + parallel);
            }
            this.pairs = List.copyOf(pairs);
            this.parallel = parallel;
            for (int i = 0; i < this.pairs.size(); i++) {
                positions.put(this.pairs.get(i), i);
            }
        }

        /** Whether a pair is left to hand out; never waits. */
        @Override
        public synchronized boolean hasNext() {
            return handedOut < pairs.size();
        }

        /**
         * The next pair in folder order, once fewer than {@code parallel} are in flight and no
         * pair of a folder above it is.
         */
        @Override
        public synchronized FolderPair next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            FolderPair next = pairs.get(handedOut);
            while (inFlight.size() >= parallel || aboveInFlight(next.boxname())) {
                try {
                    wait();
                } catch (InterruptedException e) {
                    // Shutting down hard: hand the pair out (it finds the runtime stopping), never lose it.
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            inFlight.add(next.boxname());
            mostInFlight = Math.max(mostInFlight, inFlight.size());
            handedOut++;
            return next;
        }

        /** A pair handed out has ended: its turn goes to the next. */
        public synchronized void done(FolderPair pair) {
            inFlight.remove(pair.boxname());
            notifyAll();
        }

        private boolean aboveInFlight(String boxname) {
            for (String box : inFlight) {
                if (boxname.startsWith(box + "/")) {
                    return true;
                }
            }
            return false;
        }

        /** A pair's position in folder order (0 for the first): where its report goes. */
        public int position(FolderPair pair) {
            Integer position = positions.get(pair);
            return position != null ? position : pairs.indexOf(pair);
        }

        /** How many pairs may be in flight at once. */
        public int parallel() {
            return parallel;
        }

        /** Pairs handed out and not done yet. */
        public synchronized int inFlight() {
            return inFlight.size();
        }

        /** The most pairs that were in flight at once. */
        public synchronized int mostInFlight() {
            return mostInFlight;
        }
    }
}
