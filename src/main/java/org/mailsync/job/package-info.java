/**
 * The requests the route set carries out: {@link org.mailsync.job.SyncJob},
 * {@link org.mailsync.job.DiffJob} and {@link org.mailsync.job.ListJob}, each with its stores
 * and state already opened (by {@link org.mailsync.assembly.ChannelOpener}).
 */
package org.mailsync.job;
