package org.mailsync.route;

import java.io.IOException;
import java.io.InputStream;

import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.mailsync.store.MessageMeta;
import org.mailsync.store.StoreException;
import org.mailsync.sync.Side;
import org.mailsync.sync.SyncAction;

/**
 * Copies one message to the other side of its pair, streaming it from the source store into
 * the target store with its flags and internal date. A message that cannot be copied is
 * reported and skipped: one bad message never stops a sync.
 */
public class MessageCopier {

    /** Copies the message of a COPY action. */
    public void copy(SyncAction action,
                     @ExchangeProperty(MailsyncConstants.JOB) SyncJob job,
                     @ExchangeProperty(MailsyncConstants.PAIR) FolderPair pair,
                     @ExchangeProperty(MailsyncConstants.OUTCOME) PairOutcome outcome,
                     Exchange exchange) {
        if (outcome.isFolderFailed()) {
            // The target folder could not be created: already reported once, not per message.
            exchange.getMessage().setHeader(MailsyncConstants.RESULT, "failed");
            return;
        }
        Side from = action.side();
        StoreSide source = job.side(from);
        StoreSide target = job.side(from.other());
        String sourceFolder = from == Side.A ? pair.folderA() : pair.folderB();
        String targetFolder = from == Side.A ? pair.folderB() : pair.folderA();
        MessageMeta meta = action.message().meta();
        try (InputStream in = source.store().open(sourceFolder, meta.key())) {
            target.store().append(targetFolder, in, meta.flags(), meta.internalDate());
            outcome.copied(action);
            exchange.getMessage().setHeader(MailsyncConstants.RESULT, "done");
            job.report().action(pair, action);
        } catch (StoreException | IOException e) {
            String error = "cannot copy message " + action.identity() + " from " + source.name() + ":" + sourceFolder
                    + " to " + target.name() + ":" + targetFolder + ": " + e.getMessage();
            outcome.failed(error);
            exchange.getMessage().setHeader(MailsyncConstants.RESULT, "failed");
            job.report().error(error);
        }
    }
}
