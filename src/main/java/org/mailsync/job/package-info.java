/**
 * The requests the route set carries out: {@link org.mailsync.job.SyncJob},
 * {@link org.mailsync.job.DiffJob}, {@link org.mailsync.job.ListJob} and
 * {@link org.mailsync.job.CheckJob}, each with its stores
 * and state already opened (by {@link org.mailsync.assembly.ChannelOpener}); and where a sync's
 * folder pairs, which may run side by side, lease their own stores ({@link
 * org.mailsync.job.StoreLeases}, {@link org.mailsync.job.StoreLease}).
 */
package org.mailsync.job;
