/**
 * What a run tells: the original's text output on a {@link org.mailsync.report.Console}, in folder order however many folder pairs run at once (each pair reports to its section of the {@link org.mailsync.report.SyncReport}), and the {@link org.mailsync.report.RunReport} a {@code mailsync:} exchange carries.
 */
package org.mailsync.report;
