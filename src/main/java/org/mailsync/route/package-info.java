/**
 * The beans the YAML route set calls: stateless and safe for folder pairs that run at once, each does one step (expand, take turns, lease stores, index, plan, copy, delete, commit, report) on the job carried in the exchange; {@link org.mailsync.route.FolderPairTurns} and {@link org.mailsync.route.FolderPairThreads} let a sync's pairs run side by side, {@code parallel} at a time.
 */
package org.mailsync.route;
