package org.mailsync.camel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mailsync.testkit.MailFolders.identity;
import static org.mailsync.testkit.MailFolders.maildir;
import static org.mailsync.testkit.MailFolders.maildirIds;
import static org.mailsync.testkit.MailFolders.mbox;
import static org.mailsync.testkit.MailFolders.snapshot;

import java.util.Map;

import org.apache.camel.Exchange;
import org.junit.jupiter.api.Test;
import org.mailsync.report.ActionReport;
import org.mailsync.report.FolderReport;
import org.mailsync.report.RunReport;

/**
 * {@code mailsync:CHANNEL?dryRun=true} changes no file in the home directory (every file's
 * bytes and modification time compared, no file or directory created, not even the state or
 * its lock), yet reports every action a real run would carry out, with the same counts; the
 * real run afterwards does exactly that.
 */
class DryRunChangesNothingTest extends RouteSetTestSupport {

    @Test
    void aDryRunReportsTheActionsAndChangesNoFile() throws Exception {
        maildir(mail.resolve("inbox"), "a1", "a2");
        mbox(archive.resolve("inbox"));
        assertThat(report(uri("backup", "")).copied()).isEqualTo(2);
        mbox(archive.resolve("inbox"), "a2", "b1");      // a1 deleted, b1 new on the archive
        maildir(mail.resolve("inbox"), "a3");             // a3 new on the laptop
        maildir(mail.resolve("new-folder"), "n1");        // a folder the archive lacks
        Map<String, String> before = snapshot(home);

        Exchange reply = request(uri("backup", "dryRun=true"), Map.of());

        assertThat(reply.getException()).isNull();
        assertThat(snapshot(home)).isEqualTo(before);
        RunReport report = reply.getMessage().getBody(RunReport.class);
        assertThat(report.simulated()).isTrue();
        assertThat(report.exitCode()).isZero();
        assertThat(report.copied()).isEqualTo(3);
        assertThat(report.deleted()).isEqualTo(1);
        assertThat(reply.getMessage().getHeaders()).containsEntry(MailsyncConstants.COPIED, 3)
                .containsEntry(MailsyncConstants.DELETED, 1);
        assertThat(report.actions()).containsExactlyInAnyOrder(
                new ActionReport("INBOX", "COPY", "archive", identity("b1")),
                new ActionReport("INBOX", "COPY", "laptop", identity("a3")),
                new ActionReport("INBOX", "DELETE", "laptop", identity("a1")),
                new ActionReport("new-folder", "CREATE_FOLDER", "archive", null),
                new ActionReport("new-folder", "COPY", "laptop", identity("n1")));
        assertThat(report.folders()).extracting(FolderReport::boxname).containsExactlyInAnyOrder("INBOX", "new-folder");

        // The real run does what the dry run announced.
        RunReport real = report(uri("backup", ""));
        assertThat(real.simulated()).isFalse();
        assertThat(real.actions()).containsExactlyInAnyOrderElementsOf(report.actions());
        assertThat(maildirIds(mail.resolve("inbox"))).containsExactly("a2", "a3", "b1");
    }

    @Test
    void aDryRunOnAFreshChannelCreatesNoStateNoLockAndNoFolder() throws Exception {
        maildir(mail.resolve("inbox"), "a1");
        Map<String, String> before = snapshot(home);

        RunReport report = report(uri("backup", "dryRun=true"));

        assertThat(report.copied()).isEqualTo(1);
        assertThat(report.actions()).contains(new ActionReport("INBOX", "CREATE_FOLDER", "archive", null));
        assertThat(snapshot(home)).isEqualTo(before);
        assertThat(home.resolve(".msinfo")).doesNotExist();
        assertThat(home.resolve(".msinfo.lock")).doesNotExist();
        assertThat(archive).doesNotExist();
    }
}
