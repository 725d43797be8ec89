package org.mailsync.migrate;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;

import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Message;
import org.apache.camel.StreamCache;
import org.mailsync.camel.MailsyncConstants;
import org.mailsync.identity.ContentDigest;
import org.mailsync.job.MigrateJob;
import org.mailsync.route.ExtensionPoints;
import org.mailsync.route.FolderPair;
import org.mailsync.store.MessageMeta;
import org.mailsync.store.MessageRejectedException;
import org.mailsync.store.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The beans of {@code direct:migrate-copy}: {@link #read} opens a source message and makes it
 * the body, {@link #append} stores the body in the target folder with the message's flags,
 * keywords and internal date (the same store call a sync's copy makes) and records the copy in
 * the state, {@link #migrated} hands it to the extension point {@value #MIGRATED}, and
 * {@link #failed} reports a message that could not be copied (the folder goes on).
 */
public class MigrateCopier {

    /** The exchange property of the message being copied, a {@link SourceMessage}. */
    public static final String MESSAGE = "mailsyncMigrateMessage";
    /**
     * Where each migrated message goes after it is stored, with the message as the body; every
     * route from an endpoint whose name starts with this one's gets its own copy.
     */
    public static final String MIGRATED = "direct:mailsync-migrated";

    private static final Logger LOG = LoggerFactory.getLogger(MigrateCopier.class);

    /** Sends to {@value #MIGRATED}'s routes as the sync's extension points are sent to. */
    private final ExtensionPoints points = new ExtensionPoints();

    /**
     * Opens the message in the source folder: the body becomes its bytes, headers say what it
     * is. Null (nothing is copied) once a store of the run was lost.
     */
    public InputStream read(SourceMessage message,
                            @ExchangeProperty(MailsyncConstants.JOB) MigrateJob job,
                            @ExchangeProperty(MailsyncConstants.PAIR) FolderPair pair,
                            @ExchangeProperty(MigrateFolders.TALLY) MigrateTally tally,
                            Exchange exchange) throws StoreException {
        exchange.setProperty(MESSAGE, message);
        if (tally.lost() != null) {
            // A store was lost: said once, not again per message; the folder is reported as not complete.
            return null;
        }
        Message m = exchange.getMessage();
        m.setHeader(MailsyncConstants.BOXNAME, pair.boxname());
        m.setHeader(MailsyncConstants.IDENTITY, message.shown());
        m.setHeader(MailsyncConstants.SOURCE_STORE, job.source().name());
        m.setHeader(MailsyncConstants.TARGET_STORE, job.target().name());
        m.setHeader(MailsyncConstants.TARGET_FOLDER, pair.folderB());
        return job.source().store().open(pair.folderA(), message.meta().key());
    }

    /**
     * Appends the body to the target folder with the message's flags, keywords and internal
     * date, then records the copy (and the message's digest, taken from the body) in the state.
     * A kill between the two leaves a copy the state does not know of: the next run finds it by
     * its digest in the target and does not copy it again. So a state that cannot be written
     * is a warning, not a failed copy.
     */
    public void append(InputStream body,
                       @ExchangeProperty(MESSAGE) SourceMessage message,
                       @ExchangeProperty(MailsyncConstants.JOB) MigrateJob job,
                       @ExchangeProperty(MailsyncConstants.PAIR) FolderPair pair,
                       @ExchangeProperty(MigrateFolders.FOLDER) MigratingFolder folder) throws StoreException {
        MessageMeta meta = message.meta();
        String digest;
        InputStream in = body;
        try {
            if (body instanceof StreamCache cache) {
                cache.reset(); // a redelivery reads it again from the start
                digest = ContentDigest.of(body);
                cache.reset();
            } else {
                byte[] bytes = body.readAllBytes();
                digest = ContentDigest.of(bytes);
                in = new ByteArrayInputStream(bytes);
            }
        } catch (IOException e) {
            throw new MessageRejectedException("cannot read message " + message.shown() + ": " + e.getMessage(), e);
        }
        String key;
        try (InputStream stored = in) {
            key = job.target().store().append(pair.folderB(), stored, meta.flags(), meta.keywords(), meta.internalDate());
        } catch (IOException e) {
            throw new MessageRejectedException("cannot read message " + message.shown() + ": " + e.getMessage(), e);
        }
        message.digest(digest);
        folder.copied();
        job.report().countCopied(1);
        job.report().progress().copied(pair.boxname(), Math.max(0, meta.size()));
        try {
            job.state().copied(pair.folderA(), meta.key(), meta.size(), meta.internalDate(), digest, pair.folderB(), key);
        } catch (IOException e) {
            // The copy is made: the state only makes reruns cheaper, and a rerun finds the copy by its content.
            LOG.debug("recording a copy failed", e);
            job.report().warnOnce("migrate-state", e.getMessage() + "; copies are not recorded, which costs the next run"
                    + " time but never a duplicate (it finds them in the target by their content)");
        }
    }

    /** A message that could not be copied: reported, counted (exit 2), and the folder goes on. */
    public void failed(@ExchangeProperty(MailsyncConstants.JOB) MigrateJob job,
                       @ExchangeProperty(MailsyncConstants.PAIR) FolderPair pair,
                       @ExchangeProperty(MESSAGE) SourceMessage message,
                       @ExchangeProperty(MigrateFolders.FOLDER) MigratingFolder folder,
                       @ExchangeProperty(MigrateFolders.TALLY) MigrateTally tally,
                       @ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Exception cause) {
        if (folder != null) {
            folder.failed();
        }
        if (cause instanceof org.mailsync.store.TransientStoreException && tally != null) {
            // Still failing after the retries: the connection is gone, so the rest of the run is not tried.
            tally.lost(cause.getMessage());
        }
        job.report().error("folder \"" + (pair == null ? "?" : pair.boxname()) + "\": message "
                + (message == null ? "?" : message.shown()) + " not copied: "
                + (cause == null ? "unknown failure" : cause.getMessage()));
        job.report().problem();
    }

    /**
     * After a copy: the message to every route consuming {@value #MIGRATED} (or an endpoint
     * whose name starts with it). What such a route throws is one warning per run; the
     * migration goes on unchanged.
     */
    public void migrated(Exchange exchange, @ExchangeProperty(MailsyncConstants.JOB) MigrateJob job) {
        points.send(MIGRATED, exchange, job.report(), "the migration");
    }
}
