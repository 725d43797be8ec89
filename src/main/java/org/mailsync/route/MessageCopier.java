package org.mailsync.route;

import java.io.IOException;
import java.io.InputStream;

import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Message;
import org.apache.camel.StreamCache;
import org.mailsync.camel.MailsyncConstants;
import org.mailsync.job.StoreSide;
import org.mailsync.job.SyncJob;
import org.mailsync.report.PairOutcome;
import org.mailsync.store.MessageMeta;
import org.mailsync.store.MessageRejectedException;
import org.mailsync.store.StoreException;
import org.mailsync.sync.Side;
import org.mailsync.sync.SyncAction;

/**
 * The two halves of a copy, with the message itself as the exchange body in between:
 * {@link #read} opens it in the source store, {@link #append} streams the body into the target
 * store with the message's flags and internal date. Failures are thrown, typed, to the route's
 * {@code onException}: one bad message never stops a sync.
 */
public class MessageCopier {

    /**
     * Opens the COPY action's message in its source store: the body becomes the message's bytes
     * (a stream), and headers say what it is. Nothing is read when the pair is already given up.
     *
     * @return the message, or null when the pair's target folder or store already failed, or
     *         when the message was moved instead ({@link MessageMover})
     */
    public InputStream read(SyncAction action,
                            @ExchangeProperty(MailsyncConstants.JOB) SyncJob job,
                            @ExchangeProperty(MailsyncConstants.PAIR) FolderPair pair,
                            @ExchangeProperty(MailsyncConstants.OUTCOME) PairOutcome outcome,
                            @ExchangeProperty(MessageMover.MOVED) Boolean moved,
                            Exchange exchange) throws StoreException {
        exchange.setProperty(MailsyncConstants.ACTION, action);
        if (outcome.isFolderFailed() || outcome.isAborted()) {
            // Already reported once for the pair, not again per message.
            return null;
        }
        if (Boolean.TRUE.equals(moved)) {
            return null; // moved within the target store instead (move-message): nothing to copy
        }
        Side from = action.side();
        Message message = exchange.getMessage();
        message.setHeader(MailsyncConstants.BOXNAME, pair.boxname());
        message.setHeader(MailsyncConstants.IDENTITY, action.identity());
        message.setHeader(MailsyncConstants.SOURCE_STORE, job.side(from).name());
        message.setHeader(MailsyncConstants.TARGET_STORE, job.side(from.other()).name());
        message.setHeader(MailsyncConstants.TARGET_FOLDER, folder(pair, from.other()));
        return job.side(from).store().open(folder(pair, from), action.message().meta().key());
    }

    /** Appends the body (the message) to the target folder and records the copy. */
    public void append(InputStream body,
                       @ExchangeProperty(MailsyncConstants.ACTION) SyncAction action,
                       @ExchangeProperty(MailsyncConstants.JOB) SyncJob job,
                       @ExchangeProperty(MailsyncConstants.PAIR) FolderPair pair,
                       @ExchangeProperty(MailsyncConstants.OUTCOME) PairOutcome outcome) throws StoreException {
        StoreSide target = job.side(action.side().other());
        MessageMeta meta = action.message().meta();
        if (body instanceof StreamCache cache) {
            cache.reset(); // a redelivery reads it again from the start
        }
        try (InputStream in = body) {
            target.store().append(folder(pair, action.side().other()), in, meta.flags(), meta.keywords(), meta.internalDate());
        } catch (IOException e) {
            throw new MessageRejectedException("cannot read message " + action.identity() + ": " + e.getMessage(), e);
        }
        outcome.copied(action);
        job.report().action(pair.boxname(), action);
        job.report().progress().copied(pair.boxname(), Math.max(0, meta.size()));
    }

    private static String folder(FolderPair pair, Side side) {
        return side == Side.A ? pair.folderA() : pair.folderB();
    }
}
