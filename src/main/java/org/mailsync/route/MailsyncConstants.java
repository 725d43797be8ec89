package org.mailsync.route;

/**
 * Names of the exchange properties the route set passes between its steps. Route files and
 * custom steps refer to them by these names.
 */
public final class MailsyncConstants {

    /** The {@link SyncJob} being run: stores, msinfo, options and report. */
    public static final String JOB = "mailsyncJob";
    /** The {@link FolderPair} a folder-pair exchange is about. */
    public static final String PAIR = "mailsyncPair";
    /** The {@link org.mailsync.sync.SyncPlan} of the folder pair. */
    public static final String PLAN = "mailsyncPlan";
    /** The {@link PairOutcome} collecting what happened to each action of the pair. */
    public static final String OUTCOME = "mailsyncOutcome";

    /** Header of a list request: whether to list each folder's messages too ({@code -m}). */
    public static final String LIST_MESSAGES = "mailsyncListMessages";

    /** Header set by the copy and delete steps: {@code done} or {@code failed}. */
    public static final String RESULT = "mailsyncResult";

    private MailsyncConstants() {
    }
}
