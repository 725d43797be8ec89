package org.mailsync.daemon.cluster;

/**
 * How one node of a cluster runs: settings of the node, none of which depends on how many
 * nodes there are (there is no node list: a node joins by starting on the shared database).
 *
 * @param threads         channels this node runs at once (Quartz worker threads)
 * @param checkinMillis   how often the node tells the others it is alive; a node silent for
 *                        about this long plus Quartz's 7.5 s grace is taken as dead and its
 *                        channels are run by the others, so this bounds failover time
 */
public record ClusterOptions(int threads, long checkinMillis) {

    /** Four channels at once, a check-in every 5 s: failover within about 15 s. */
    public static final ClusterOptions DEFAULTS = new ClusterOptions(4, 5000);

    public ClusterOptions {
        if (threads < 1) {
            throw new IllegalArgumentException("a node runs at least one channel at once, not " + threads);
        }
        if (checkinMillis < 500) {
            throw new IllegalArgumentException("a check-in interval under 500 ms only loads the database: " + checkinMillis);
        }
    }
}
