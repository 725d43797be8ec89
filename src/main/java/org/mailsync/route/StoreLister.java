package org.mailsync.route;

import java.util.List;

import org.apache.camel.ExchangeProperty;
import org.mailsync.camel.MailsyncConstants;
import org.mailsync.job.ListJob;
import org.mailsync.job.StoreSide;
import org.mailsync.report.MessageColumns;
import org.mailsync.report.SyncReport;
import org.mailsync.store.FolderInfo;
import org.mailsync.store.MessageMeta;
import org.mailsync.store.StoreException;

/**
 * List mode ({@code mailsync store}): the boxnames of a store's folders and, with {@code -m},
 * each folder's messages. Nothing is changed.
 */
public class StoreLister {

    /** Lists the job's store. */
    public void list(@ExchangeProperty(MailsyncConstants.JOB) ListJob job) throws StoreException {
        StoreSide side = job.store();
        SyncReport report = job.report();
        report.beginList(side.name());
        List<FolderInfo> folders = side.store().listFolders(side.pattern());
        if (job.withMessages()) {
            for (FolderInfo folder : folders) {
                report.line("");
                String box = side.boxname(folder.name());
                report.line("Mailbox: " + (box == null ? folder.name() : box));
                if (!folder.selectable()) {
                    report.line("  not selectable");
                    continue;
                }
                try {
                    List<MessageMeta> messages = side.store().index(folder.name());
                    for (MessageMeta meta : messages) {
                        report.line(MessageColumns.listing(meta, report.showsMessageIds()));
                    }
                    report.listed(box == null ? folder.name() : box, messages.size());
                } catch (StoreException e) {
                    report.error(e.getMessage());
                    report.problem();
                }
            }
        } else {
            for (FolderInfo folder : folders) {
                if (folder.selectable()) {
                    String box = side.boxname(folder.name());
                    report.line(box == null ? folder.name() : box);
                    report.listed(box == null ? folder.name() : box, -1);
                }
            }
            report.line("");
        }
    }
}
