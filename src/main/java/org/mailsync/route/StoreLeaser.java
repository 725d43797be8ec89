package org.mailsync.route;

import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.support.SynchronizationAdapter;
import org.mailsync.camel.MailsyncConstants;
import org.mailsync.job.StoreLease;
import org.mailsync.job.SyncJob;
import org.mailsync.store.StoreException;

/**
 * Gives a folder pair stores of its own for its duration ({@link SyncJob#leases()}): an IMAP
 * connection per IMAP side, so that pairs running side by side never share one, since a store
 * is not safe for use by two threads at once. The pair's job is then the run's job on those
 * stores, so that every later step (index, copy, delete, folder actions, commit) uses them
 * without knowing. The stores are given back when the pair's exchange completes, whatever its
 * end; a redelivery of the step keeps the lease it has.
 */
public class StoreLeaser {

    /**
     * Leases the pair's stores, waiting while a server's connections are all in use by other
     * pairs.
     *
     * @throws StoreException no connection could be had at all: the pair fails and is
     *                        reported by the route's error handling, never the run
     */
    public void lease(Exchange exchange, @ExchangeProperty(MailsyncConstants.JOB) SyncJob job) throws StoreException {
        if (exchange.getProperty(MailsyncConstants.LEASE) != null) {
            return;
        }
        StoreLease lease = job.leases().lease();
        exchange.setProperty(MailsyncConstants.LEASE, lease);
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onDone(Exchange done) {
                lease.close();
            }
        });
        exchange.setProperty(MailsyncConstants.JOB, job.forPair(lease));
        if (lease.notice() != null) {
            job.report().warnOnce("connections", lease.notice());
        }
    }
}
