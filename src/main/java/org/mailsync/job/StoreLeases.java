package org.mailsync.job;

import org.mailsync.store.MailStore;
import org.mailsync.store.StoreException;

/**
 * Where a sync's folder pairs get their stores ({@link SyncJob#leases()}): each pair leases a
 * store per side for its duration, so that pairs synced at once never share a connection. The
 * assembly that opened the run decides what a lease is (see
 * {@code org.mailsync.assembly.ChannelConnections}).
 */
@FunctionalInterface
public interface StoreLeases {

    /**
     * The stores for one folder pair, waiting while every connection a server allows is in
     * use by other pairs.
     *
     * @throws StoreException no store could be had (the server cannot be reached at all); the
     *                        pair fails, never the run
     */
    StoreLease lease() throws StoreException;

    /**
     * Every pair gets the run's own two stores, given back to nobody: right only when pairs run
     * one at a time (a job made without a pool, as tests and embedders make them).
     */
    static StoreLeases shared(MailStore a, MailStore b) {
        return () -> new StoreLease(a, b, () -> { }, null);
    }
}
