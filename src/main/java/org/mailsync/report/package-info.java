/**
 * What a run tells: the original's text output on a {@link org.mailsync.report.Console}, and the {@link org.mailsync.report.RunReport} a {@code mailsync:} exchange carries.
 */
package org.mailsync.report;
