package org.mailsync.assembly;

/**
 * The IMAP connections of a channel kept from one run to the next, for a client that runs the
 * channel again and again (the {@code mailsync:} consumer, so the daemon): a run that finds
 * them reuses them instead of logging in, and its folder pairs lease them as they would a new
 * run's ({@link ChannelConnections}). A run of an unchanged channel then costs no login; its
 * stores' incremental indexes make it see every change all the same.
 *
 * <ul>
 *   <li><b>One run at a time.</b> A run {@linkplain #checkOut() checks them out} and gives them
 *       back when it closes; a run that starts while they are out gets connections of its own,
 *       closed at its end. So a connection never serves two runs at once. The channel lock is
 *       still taken and released by each run: a run from the command line between two of
 *       them is as possible as before (it has its own connections).</li>
 *   <li><b>Only what the config still says.</b> A run whose IMAP stores' config differs (the
 *       server, the password or {@code passcmd}, {@code auth}, {@code throttle},
 *       {@code maxconnections}, {@code -di}) closes them and logs in afresh.</li>
 *   <li><b>Only after a clean run.</b> A run that could not start, failed, reported an error
 *       or left a connection lent out closes them at its end ({@link #dropAfterRun()}), so the
 *       next run logs in afresh, re-reading a password that may have changed. A connection
 *       the server dropped between runs (a restart, an idle time-out) is logged in again by
 *       its store on its first command.</li>
 *   <li><b>Closed with their owner</b> ({@link #close()}): when the consumer stops or its route
 *       is removed.</li>
 * </ul>
 */
public final class KeptConnections implements AutoCloseable {

    private ImapPools kept;
    private boolean checkedOut;
    private boolean drop;
    private boolean closed;

    /**
     * The kept connections for a run (a set without stores when none are kept yet), or null
     * when another run has them or they are closed: the run then has its own.
     */
    synchronized ImapPools checkOut() {
        if (checkedOut || closed) {
            return null;
        }
        checkedOut = true;
        drop = false;
        ImapPools pools = kept != null ? kept : new ImapPools();
        kept = null;
        pools.wakeUp(); // no longer to be reclaimed for another run (see ImapPools#rest)
        return pools;
    }

    /**
     * Takes back what {@link #checkOut()} gave, as the run left it; closes it instead when the
     * run said it is not fit to keep, or when this was closed meanwhile.
     *
     * @param reusable whether the run opened its stores and gave every connection back
     */
    void checkIn(ImapPools pools, boolean reusable) {
        boolean keep;
        synchronized (this) {
            checkedOut = false;
            // rest(): kept only if no run waits for a connection to its servers (ServerConnectionLimit)
            keep = reusable && !drop && !closed && pools.rest();
            drop = false;
            if (keep) {
                kept = pools;
            }
        }
        if (!keep) {
            pools.close();
        }
    }

    /**
     * The run in progress went wrong (it failed, or reported an error): its connections are
     * closed when it ends, and the next run logs in afresh, as a new process would.
     */
    public synchronized void dropAfterRun() {
        drop = true;
    }

    /** Whether connections are kept for the next run (for tests). */
    public synchronized boolean holdsConnections() {
        return kept != null && !kept.isEmpty();
    }

    /** Closes the kept connections (logging out); a run that has them out closes them at its end. Never throws. */
    @Override
    public void close() {
        ImapPools pools;
        synchronized (this) {
            closed = true;
            pools = kept;
            kept = null;
        }
        if (pools != null) {
            pools.close();
        }
    }
}
