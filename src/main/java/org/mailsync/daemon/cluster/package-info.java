/**
 * {@code mailsync daemon --cluster}: the channels as jobs of a clustered Quartz scheduler whose
 * job store is the PostgreSQL state's database, so that any number of daemons sharing that
 * database run every channel, each channel on exactly one node at a time, and take over the
 * channels of a node that died. The jobs only trigger runs: a run goes through the route set's
 * {@code direct:mailsync-cluster-run} and the {@code mailsync:} endpoint like any other.
 */
package org.mailsync.daemon.cluster;
