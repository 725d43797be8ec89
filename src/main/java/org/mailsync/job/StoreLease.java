package org.mailsync.job;

import org.mailsync.store.MailStore;

/**
 * The stores one folder pair works with, a store per side, held from the pair's start to its
 * end and then given back ({@link #close()}), whether the pair succeeded or not. An IMAP side
 * is a connection of the pair's own, as a store is not safe for use by two threads at once
 * (see {@link MailStore}); a local side is the run's one store, which may serve several pairs
 * as long as they work on different folders.
 *
 * @param a       side A's store for this pair
 * @param b       side B's store for this pair
 * @param release gives the stores back; run once, by {@link #close()}
 * @param notice  something the run should say once about how the stores were found (a server
 *                that refused a further connection), or null
 */
public record StoreLease(MailStore a, MailStore b, Runnable release, String notice) implements AutoCloseable {

    /** Gives the stores back to where they were leased from; never throws. */
    @Override
    public void close() {
        release.run();
    }
}
