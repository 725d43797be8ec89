package org.mailsync.route;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import org.mailsync.job.StoreSide;
import org.mailsync.job.SyncJob;
import org.mailsync.msinfo.MsinfoException;
import org.mailsync.msinfo.PairVersion;
import org.mailsync.store.StoreException;
import org.mailsync.sync.Side;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole-store half of the deletion breaker (SEMANTICS.md "Deletions users can trust"): a
 * run that would delete every message of a store deletes nothing. The per-pair breaker lets a
 * small folder's last few deletions through, so a store wiped as a whole (a client cache
 * cleared, an account restored empty, a wrong path with empty folders) would still empty every
 * small folder on the other side; this catches that case.
 *
 * <p>Only asked when a pair finds its folder on one side empty while msinfo remembers messages
 * there (a normal run never pays for it), and answered once per side and run: whether every
 * folder of that side that msinfo remembers messages for is empty now ({@link
 * org.mailsync.store.MailStore#isEmpty}: a STATUS, or a look into a directory). Stateless: the
 * answers of each run travel in the exchange property {@value #PROPERTY}.
 */
public class EmptiedStores {

    private static final Logger LOG = LoggerFactory.getLogger(EmptiedStores.class);

    /** The exchange property with the run's {@link Run}. */
    public static final String PROPERTY = "mailsyncEmptiedStores";

    /** The run's answers, for its folder pairs. */
    public Run start(List<FolderPair> pairs) {
        return new Run(List.copyOf(pairs));
    }

    /** One run's answers, computed on first need. */
    public static final class Run {

        private final List<FolderPair> pairs;
        private final Map<Side, Boolean> emptied = new EnumMap<>(Side.class);

        Run(List<FolderPair> pairs) {
            this.pairs = pairs;
        }

        /**
         * Whether the store on {@code side} holds no message in any folder msinfo remembers
         * messages for (and there is at least one such folder). A folder that cannot be asked
         * counts as not empty: its own pair reports the failure, and the per-pair breaker still
         * guards it.
         *
         * @param job the asking pair's job (its leased stores)
         */
        public synchronized boolean emptied(Side side, SyncJob job) {
            return emptied.computeIfAbsent(side, s -> look(s, job));
        }

        private boolean look(Side side, SyncJob job) {
            StoreSide store = job.side(side);
            int remembered = 0;
            for (FolderPair pair : pairs) {
                if (!(side == Side.A ? pair.onA() : pair.onB())) {
                    continue; // vanished: protected by its own rule
                }
                try {
                    if (!remembersAny(job, pair)) {
                        continue;
                    }
                    remembered++;
                    if (!store.store().isEmpty(side == Side.A ? pair.folderA() : pair.folderB())) {
                        return false;
                    }
                } catch (StoreException | MsinfoException e) {
                    LOG.debug("{}: cannot tell whether {} is empty: {}", store.name(), pair.boxname(), e.getMessage());
                    return false;
                }
            }
            if (remembered > 0) {
                LOG.debug("store {}: every synced folder is empty", store.name());
            }
            return remembered > 0;
        }

        /** Whether msinfo remembers any message of the pair: its size where the state tells it. */
        private static boolean remembersAny(SyncJob job, FolderPair pair) throws MsinfoException {
            PairVersion version = job.state().msinfoVersion(job.channel(), pair.boxname());
            return version != null ? version.identities() > 0 : !job.state().load(job.channel(), pair.boxname()).isEmpty();
        }
    }
}
