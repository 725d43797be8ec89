package org.mailsync.route;

import java.util.List;

import org.apache.camel.ExchangeProperty;
import org.apache.camel.Header;
import org.mailsync.store.FolderInfo;
import org.mailsync.store.MessageMeta;
import org.mailsync.store.StoreException;

/**
 * List mode ({@code mailsync store}): the boxnames of a store's folders and, with {@code -m},
 * each folder's messages. Nothing is changed.
 */
public class StoreLister {

    /** Lists side A of the job. */
    public int list(@ExchangeProperty(MailsyncConstants.JOB) SyncJob job,
                    @Header(MailsyncConstants.LIST_MESSAGES) boolean withMessages) throws StoreException {
        StoreSide side = job.a();
        SyncReport report = job.report();
        report.line("Listing store \"" + side.name() + "\"");
        List<FolderInfo> folders = side.store().listFolders(side.pattern());
        if (withMessages) {
            for (FolderInfo folder : folders) {
                report.line("");
                String box = side.boxname(folder.name());
                report.line("Mailbox: " + (box == null ? folder.name() : box));
                if (!folder.selectable()) {
                    report.line("  not selectable");
                    continue;
                }
                try {
                    for (MessageMeta meta : side.store().index(folder.name())) {
                        report.line(MessageColumns.listing(meta, job.report().showsMessageIds()));
                    }
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
                }
            }
            report.line("");
        }
        return report.exitCode();
    }
}
