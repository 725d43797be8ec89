package org.mailsync.camel;

import org.apache.camel.spi.Metadata;

/**
 * Header and exchange property names of the {@code mailsync:} component and its route set.
 * Headers are what a user's route reads (the headline figures of a report, the message a copy
 * carries); exchange properties carry the run between the steps of the route set.
 */
public final class MailsyncConstants {

    // --- headers of a report (producer reply, consumer exchange) ---

    @Metadata(label = "producer", description = "Overrides the endpoint's operation for this request: sync, diff or list.",
              javaType = "String")
    public static final String OPERATION = "CamelMailsyncOperation";
    @Metadata(description = "The run's exit status: 0 all done, 1 error, 2 some messages or folders skipped or failed.",
              javaType = "int")
    public static final String EXIT_CODE = "CamelMailsyncExitCode";
    @Metadata(description = "The channel that ran.", javaType = "String")
    public static final String CHANNEL = "CamelMailsyncChannel";
    @Metadata(description = "Messages copied, both directions.", javaType = "int")
    public static final String COPIED = "CamelMailsyncCopied";
    @Metadata(description = "Messages deleted, both sides.", javaType = "int")
    public static final String DELETED = "CamelMailsyncDeleted";
    @Metadata(description = "Actions or folder pairs that failed.", javaType = "int")
    public static final String FAILED = "CamelMailsyncFailed";

    @Metadata(description = "Consumer: the run could not start because a server could not be reached.", javaType = "boolean")
    public static final String CONNECTION_FAILED = "CamelMailsyncConnectionFailed";

    // --- headers of a copied message (body: the message, at direct:mailsync-copied) ---

    @Metadata(description = "The boxname of the folder pair a message was copied in.", javaType = "String")
    public static final String BOXNAME = "CamelMailsyncBoxname";
    @Metadata(description = "The identity (Message-ID or digest) of the copied message.", javaType = "String")
    public static final String IDENTITY = "CamelMailsyncIdentity";
    @Metadata(description = "The store a message was copied from.", javaType = "String")
    public static final String SOURCE_STORE = "CamelMailsyncSourceStore";
    @Metadata(description = "The store a message was copied to.", javaType = "String")
    public static final String TARGET_STORE = "CamelMailsyncTargetStore";
    @Metadata(description = "The folder (native name) a message was copied to.", javaType = "String")
    public static final String TARGET_FOLDER = "CamelMailsyncTargetFolder";

    // --- exchange properties inside the route set ---

    /** The {@link org.mailsync.job.Job} being run: stores, state, options and report. */
    public static final String JOB = "mailsyncJob";
    /** The {@link org.mailsync.route.FolderPair} a folder-pair exchange is about. */
    public static final String PAIR = "mailsyncPair";
    /** The {@link org.mailsync.sync.SyncPlan} of the folder pair. */
    public static final String PLAN = "mailsyncPlan";
    /** The {@link org.mailsync.report.PairOutcome} collecting what happened to each action of the pair. */
    public static final String OUTCOME = "mailsyncOutcome";
    /** The action an action exchange carries out (a SyncAction or a DeletionBatch), kept while the body is the message. */
    public static final String ACTION = "mailsyncAction";
    /** The {@link org.mailsync.route.FolderPairTurns.Turns} handing out a sync's folder pairs, {@code parallel} at a time. */
    public static final String TURNS = "mailsyncTurns";
    /** The {@link org.mailsync.job.StoreLease} a folder-pair exchange holds, given back when the exchange completes. */
    public static final String LEASE = "mailsyncLease";

    private MailsyncConstants() {
    }
}
